//! When demo cases are received: dates spread over two years of working
//! days, most of them recent.

#[allow(unused_imports)]
use super::*;

/// Received dates: stratified over working days, so that the i-th case of
/// `count` falls at the i-th quantile of a mixture of "uniform over two years"
/// and "uniform over the recent window". Dates never decrease with i.
pub(super) struct Intake {
    /// Monday of the first week.
    start: NaiveDate,
    /// Working days from `start` up to and including today (or the last Friday).
    days: f64,
    /// Share of cases drawn from the recent window.
    recent: f64,
}

impl Intake {
    pub(super) fn new(count: usize, today: NaiveDate) -> Intake {
        let weekday = today.weekday().num_days_from_monday();
        let monday = today - Days::new(u64::from(weekday));
        let start = monday - Days::new(u64::from(WEEKS) * 7);
        let days = f64::from(WEEKS * 5 + (weekday + 1).min(5));
        let recent = (RECENT_EXTRA / count.max(1) as f64).min(0.2);
        Intake {
            start,
            days,
            recent,
        }
    }

    /// Share of all cases received in the last `n` working days.
    pub(super) fn share_of_last(&self, n: f64) -> f64 {
        let n = n.min(self.days);
        (1.0 - self.recent) * n / self.days + self.recent * n.min(RECENT_DAYS) / RECENT_DAYS
    }

    /// The date at quantile `q` in [0, 1).
    pub(super) fn date_at(&self, q: f64) -> NaiveDate {
        let (n, r, w) = (self.days, RECENT_DAYS.min(self.days), self.recent);
        let knee = (1.0 - w) * (n - r) / n;
        let y = if q <= knee {
            q * n / (1.0 - w)
        } else {
            (q + w * (n - r) / r) / ((1.0 - w) / n + w / r)
        };
        let k = (y.max(0.0) as u64).min(n as u64 - 1);
        self.start + Days::new(k / 5 * 7 + k % 5)
    }
}

/// YYYY-MM-DD, without the formatting machinery (years 1000-9999).
pub(super) fn ymd(d: NaiveDate) -> String {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        day / 10,
        day % 10,
    ];
    digits
        .iter()
        .map(|&n| {
            if n == 10 {
                '-'
            } else {
                char::from(b'0' + n as u8)
            }
        })
        .collect()
}

/// The date itself on a weekday, else the next Monday.
pub(super) fn workday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Days::new(2),
        Weekday::Sun => d + Days::new(1),
        _ => d,
    }
}
