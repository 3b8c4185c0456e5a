//! Write stage: the only code that touches the output folder. Files are
//! staged in a sibling temporary folder and swapped into place at the end
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a failed build leaves the
//! previous site whole.
