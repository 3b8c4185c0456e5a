//! Command line (in progress).

pub fn main() -> i32 {
    2
}
