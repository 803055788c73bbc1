// Cline and Roo Code keep two files per task folder, read by two importers:
// api_conversation_history.json (what the model saw) and ui_messages.json (what the panel showed).
export { clineImporter } from './cline-api.js';
export { clineUiImporter } from './cline-ui.js';
