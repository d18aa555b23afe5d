/**
 * A small sample of Discord and Steam phishing domains, taken from the public list
 * nikolaischunk/discord-phishing-links (MIT licence). It is a seed so that the plugin catches
 * something out of the box, not a feed: point `links.blocklistFiles` at a maintained list.
 */
export const SEED_BLOCKLIST: readonly string[] = [
  '101nitro.com',
  '1nitro.club',
  '2discord.ru',
  'airdrop-discord.com',
  'airdrop-nitro.com',
  'app-discord-nitro.ru',
  'boostnitro.com',
  'claim-your-nitro.com',
  'claimnitro.cc',
  'cliscord-gift.xyz',
  'comsteamcommunity.com',
  'cteamcommunity.xyz',
  'd1scord.com',
  'dicsord-gift.com',
  'dicsord.gift',
  'dicsordnitro.com',
  'diiscord-app.com',
  'diiscord-nitro.com',
  'dilscord.com',
  'dicsord-nitro.com',
  'diiscord.com',
]

/**
 * Official domains of the brands phishers imitate most on Discord (Discord, Steam, Roblox), never
 * flagged. `cdn.discordapp.com` and every other subdomain are covered by their parent.
 */
export const SEED_ALLOWLIST: readonly string[] = [
  'dis.gd',
  'discord.co',
  'discord.com',
  'discord.design',
  'discord.dev',
  'discord.gg',
  'discord.gift',
  'discord.gifts',
  'discord.media',
  'discord.new',
  'discord.store',
  'discord.tools',
  'discordapp.com',
  'discordapp.net',
  'discordcdn.com',
  'discordmerch.com',
  'discordpartygames.com',
  'discord-activities.com',
  'discordactivities.com',
  'discordsays.com',
  'discordstatus.com',
  's.team',
  'steam-chat.com',
  'steamchina.com',
  'steamcommunity.com',
  'steamcontent.com',
  'steamgames.com',
  'steampowered.com',
  'steamstatic.com',
  'steamusercontent.com',
  'steamserver.net',
  'valve.net',
  'valvesoftware.com',
  'roblox.com',
  'rbxcdn.com',
]
