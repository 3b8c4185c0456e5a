//! Build orchestration (in progress).
