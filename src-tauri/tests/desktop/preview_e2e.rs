//! End-to-end test of the Preview view (written below).
