package sqldb

// SetBulkChunk makes db's bulk loads write chunks of n records, so that
// tests of a few records cross several chunks.
func SetBulkChunk(db *DB, n int) { db.bulkChunk = n }
