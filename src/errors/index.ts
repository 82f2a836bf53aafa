export { AppError, type ErrorCode, errorCodes, isAppError } from './app-error.ts';
