export { AppError, type ErrorCode, errorCodes, isAppError } from './app-error.ts';
export { clipText } from './clip-text.ts';
