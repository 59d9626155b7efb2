// MawidBooking: the booking domain and its storage.
//
// - Slots/: which appointment times are free (pure, no database).
// - Forms/: turning posted form fields into validated requests, with per-field errors.
// - Security/: booking references, secret tokens and the SHA-256 they are stored under.
// - Storage/: the SQLite database (GRDB) and `BookingStore`, the API the HTTP server calls.
//
// Nothing in this module logs; patient data must never reach a log line.
