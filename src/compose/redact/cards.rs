//! Card numbers: Luhn-valid runs of 13–19 digits written as cards are
//! printed, found in one linear pass over the runs of digit groups.

use super::span::{Sensitive, Span, wordish, wordish_before};

/// Groups of ASCII digits starting at byte `start`, each separated from the
/// next by exactly one space or dash: `(start, end)` byte ranges.
///
/// One pass over the run.
pub(super) fn digit_groups(s: &str, start: usize) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut groups = Vec::new();
    let mut i = start;
    loop {
        let g = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        groups.push((g, i));
        if i + 1 < b.len() && matches!(b[i], b' ' | b'-') && b[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            return groups;
        }
    }
}

/// Calls `f` with each run of digit groups (see [`digit_groups`]) that
/// stands on its own, not inside a word, in order.
pub(super) fn for_each_run(s: &str, mut f: impl FnMut(&[(usize, usize)])) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || wordish_before(s, i) {
            i += 1;
            continue;
        }
        let groups = digit_groups(s, i);
        let run_end = groups.last().map_or(i, |g| g.1);
        if !wordish(s, run_end) {
            f(&groups);
        }
        i = run_end.max(i + 1);
    }
}

/// The most digits a card number has.
const CARD_MAX: usize = 19;
/// The fewest digits a card number has.
const CARD_MIN: usize = 13;

/// How far a window of digit groups (their lengths so far) is from being
/// written the way card numbers are: one unbroken run of 13–19 digits, or
/// groups of four ending in a group of one to four (4-4-4-4, 4-4-4-4-3,
/// 4-4-4-1, …), or the 4-6-5 and 4-6-4 of American Express and Diners.
/// A list of six-digit payment IDs is none of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// It may still grow into a card shape.
    Open,
    /// It is a card shape and may not grow (a short last group, 4-6-5).
    Closed,
    /// It is no card shape, however it goes on.
    Broken,
}

/// The shape of the window after adding a group of `len` digits as its
/// `index`-th group, given the lengths of its first two groups (0 when not
/// there yet) and its shape before.
fn shape_after(before: Shape, index: usize, first: usize, second: usize, len: usize) -> Shape {
    match (before, index) {
        (Shape::Closed | Shape::Broken, _) => Shape::Broken,
        // A single group is a card only as one run (checked by its length).
        (Shape::Open, 0) => Shape::Open,
        (Shape::Open, _) if first != 4 => Shape::Broken,
        (Shape::Open, 1) if len == 6 => Shape::Open,
        (Shape::Open, 2) if second == 6 => match len {
            4 | 5 => Shape::Closed,
            _ => Shape::Broken,
        },
        (Shape::Open, _) => match len {
            4 => Shape::Open,
            1..=3 => Shape::Closed,
            _ => Shape::Broken,
        },
    }
}

/// Whether a window of `groups` groups holding `digits` digits, in `shape`,
/// is written as a card number.
fn card_shaped(groups: usize, digits: usize, shape: Shape) -> bool {
    (CARD_MIN..=CARD_MAX).contains(&digits) && (groups == 1 || shape != Shape::Broken)
}

/// Card numbers: Luhn-valid runs of 13–19 digits, written as cards are
/// (see [`Shape`]).
///
/// A longer run of groups (a card followed by an expiry year, or between
/// payment IDs) is searched for a card made of whole consecutive groups:
/// from each group, the longest card-shaped window that passes the check.
/// A window never spans more than 19 digits and stops as soon as its shape
/// is broken, which keeps the scan linear: O(19) work per group.
pub(super) fn cards(s: &str) -> Vec<Span> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for_each_run(s, |groups| {
        let mut first = 0;
        while first < groups.len() {
            // Add the groups from `first` on, up to 19 digits and while the
            // shape holds, keeping the Luhn sum both ways (which digits are
            // doubled depends on the final length): O(1) per digit.
            let mut n = 0;
            let mut sums = [0u32; 2];
            let mut found: Option<usize> = None;
            let mut shape = Shape::Open;
            let mut lens = [0usize; 2];
            let mut last = first;
            while last < groups.len() {
                let (gs, ge) = groups[last];
                let index = last - first;
                if index < 2 {
                    lens[index] = ge - gs;
                }
                shape = shape_after(shape, index, lens[0], lens[1], ge - gs);
                if n + (ge - gs) > CARD_MAX || (index > 0 && shape == Shape::Broken) {
                    break;
                }
                for &c in &b[gs..ge] {
                    let d = u32::from(c - b'0');
                    let doubled = if d * 2 > 9 { d * 2 - 9 } else { d * 2 };
                    // sums[0] doubles the digits at even places from the
                    // left, sums[1] those at odd places.
                    sums[n % 2] += doubled;
                    sums[1 - n % 2] += d;
                    n += 1;
                }
                // With n digits the doubled ones are those at an even
                // distance + 1 from the right: even places when n is even.
                if card_shaped(index + 1, n, shape) && sums[n % 2].is_multiple_of(10) {
                    found = Some(last);
                }
                last += 1;
            }
            match found {
                Some(last) => {
                    out.push(Span {
                        start: groups[first].0,
                        end: groups[last].1,
                        kind: Sensitive::CardNumber,
                    });
                    first = last + 1;
                }
                None => first += 1,
            }
        }
    });
    out
}

/// The Luhn checksum over decimal digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(n, &d)| {
            let d = u32::from(d);
            if n % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}
