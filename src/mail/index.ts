export {
  buildRawMessage,
  type ComposeMessageInput,
  composeListMessage,
  composeMessage,
  composeRawMessage,
  type ListSettings,
  type RawMessage,
} from './compose-message.ts';
export {
  createSmtpMailer,
  type Mailer,
  type MailResult,
  readDkimOptions,
  SmtpMailer,
  type SmtpMailerOptions,
} from './mailer.ts';
export { createMessageId, isIssueMessageId, messageIdDomain } from './message-id.ts';
export { sendAccountEmail } from './send-account-email.ts';
