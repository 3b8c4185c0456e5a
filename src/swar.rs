//! Bytes read eight at a time as one number, and the byte masks that go
//! with it: FxHash reads text this way, and the search tokenizer's runs of
//! lowercase letters and the section reader's white-space check test eight
//! bytes at once with the masks.

/// A one in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// `chunk` (exactly eight bytes) as a little-endian number: its first byte
/// is the lowest.
#[inline(always)]
pub(crate) fn load(chunk: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(chunk);
    u64::from_le_bytes(eight)
}
