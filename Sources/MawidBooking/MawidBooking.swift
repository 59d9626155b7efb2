// MawidBooking: the booking domain and its storage.
//
// - Slots/: which appointment times are free, and when a slot starts as an instant (pure, no database).
// - Forms/: turning posted form fields into validated requests, with per-field errors.
// - Workflow/: `BookingAction`s and `BookingStateMachine`, the statuses a booking goes through and when.
// - Security/: booking references (FF1 on AES), secret tokens and the SHA-256 they are stored under, the
//   HMAC-SHA256 message tokens of the links sent in messages; every primitive from swift-crypto.
// - Storage/: the SQLite database (GRDB) and `BookingStore`, the API the HTTP server calls: bookings,
//   actions with their audit trail, the office's queries, contact messages, calendar feed tokens; backups of the
//   live database and their restore (`DatabaseBackup`, `DatabaseRestore`).
// - Accounts/: office accounts (bcrypt passwords, login lockout) and their sessions.
// - Calendar/: iCalendar (RFC 5545) feeds.
// - Notifications/: emails and SMS. `BookingNotifier` writes them into the `outbox` table in the transaction
//   of the change that causes them (texts from Templates/messages/<lang>.yml, `MessageContext` set by the
//   server), reminders as rows due later, offers of freed slots to the waitlist; `OutboxWorker` sends them
//   (sendmail, SMTP, HTTP SMS gateway) with retries. `SMSSegments` counts SMS parts.
// - Metrics/: `MawidMetrics`, what the store, its writer, `OutboxWorker` and the server record (swift-metrics
//   API only; `mawid serve --metrics` chooses the Prometheus backend). Labels never hold patient data.
//
// Nothing in this module logs; patient data must never reach a log line.
