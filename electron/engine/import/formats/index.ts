import type { FormatImporter } from '../types.js';
import { aiderImporter } from './aider.js';
import { anthropicMessagesImporter } from './anthropic-messages.js';
import { chatgptImporter } from './chatgpt.js';
import { claudeAiImporter } from './claude-ai.js';
import { claudeCodeImporter } from './claude-code.js';
import { clineImporter, clineUiImporter } from './cline.js';
import { codexImporter } from './codex.js';
import { copilotChatImporter } from './copilot-chat.js';
import { geminiCliImporter } from './gemini-cli.js';
import { openaiMessagesImporter } from './openai-messages.js';
import { sharegptImporter } from './sharegpt.js';

/** Every importer; detection asks each and takes the most confident. */
export const IMPORTERS: readonly FormatImporter[] = [
  claudeCodeImporter,
  claudeAiImporter,
  chatgptImporter,
  codexImporter,
  geminiCliImporter,
  clineImporter,
  clineUiImporter,
  aiderImporter,
  copilotChatImporter,
  openaiMessagesImporter,
  sharegptImporter,
  anthropicMessagesImporter,
];
