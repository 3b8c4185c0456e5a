//! A fixed pool of std threads taking work from a shared queue (an atomic
//! cursor over a slice), so at most `workers` requests are in flight at once
//! without an async runtime. Results come back in the items' order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Run `work` on every item on at most `workers` threads (at least one).
pub(super) fn run_pool<T, R, F>(items: &[T], workers: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = workers.clamp(1, items.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| worker(items, &next, &work)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Take the next item until none is left.
fn worker<T, R>(items: &[T], next: &AtomicUsize, work: &impl Fn(&T) -> R) -> Vec<(usize, R)> {
    let mut done = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else {
            return done;
        };
        done.push((i, work(item)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn every_item_once_in_order_with_at_most_n_at_a_time() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let items: Vec<u32> = (0..12).collect();
        let out = run_pool(&items, 3, |n| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            running.fetch_sub(1, Ordering::SeqCst);
            n * 2
        });
        assert_eq!(out, (0..12).map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn no_items_no_threads_needed() {
        let out: Vec<u8> = run_pool(&[] as &[u8], 8, |b| *b);
        assert!(out.is_empty());
    }
}
