/**
 * Text from users (labels, rule text, values) shown inside Monaco's hover markdown. Every
 * markdown and HTML character is escaped so a label such as `<img src=x onerror=…>` or
 * `[x](javascript:…)` shows as the characters it is, never as markup.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"']/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** A code block for rule text: inside a fence markdown is not interpreted; fences in the text are broken up. */
export function codeBlock(text: string): string {
  return "```\n" + text.replace(/```/g, "`\u200b``") + "\n```";
}
