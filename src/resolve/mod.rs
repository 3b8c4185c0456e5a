//! Resolve stage (in progress).
