// The platforms Docket can run. Adding one: a folder implementing the contract in
// src/core/platform.ts, exporting its registration, and one line here.
import discord from './discord/index.ts';
import slack from './slack/index.ts';
import type { PlatformRegistration } from './registration.ts';

export const PLATFORMS: readonly PlatformRegistration[] = [slack, discord];
