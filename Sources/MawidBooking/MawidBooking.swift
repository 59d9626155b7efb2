// MawidBooking: the booking domain and its storage.
//
// - Slots/: which appointment times are free, and when a slot starts as an instant (pure, no database).
// - Forms/: turning posted form fields into validated requests, with per-field errors.
// - Workflow/: `BookingAction`s and `BookingStateMachine`, the statuses a booking goes through and when.
// - Security/: booking references, secret tokens and the SHA-256 they are stored under.
// - Storage/: the SQLite database (GRDB) and `BookingStore`, the API the HTTP server calls: bookings,
//   actions with their audit trail, the office's queries, contact messages, calendar feed tokens.
// - Accounts/: office accounts (bcrypt passwords, login lockout) and their sessions.
// - Calendar/: iCalendar (RFC 5545) feeds.
//
// Nothing in this module logs; patient data must never reach a log line.
