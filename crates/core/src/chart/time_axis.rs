//! A time axis that reads well for every range: ticks on round instants (every 10 s, 5 min,
//! 6 h, day, month…) with labels that say only what changes between them.

use crate::time::civil_from_days as civil;

const S: i64 = 1_000_000_000;
const MIN: i64 = 60 * S;
const H: i64 = 60 * MIN;
const D: i64 = 24 * H;

/// The steps a time axis may take, in nanoseconds (months and years are approximated by
/// 30 and 365 days: their ticks fall on round days, which is what the eye checks).
const STEPS: [i64; 20] = [
    S,
    2 * S,
    5 * S,
    10 * S,
    15 * S,
    30 * S,
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    15 * MIN,
    30 * MIN,
    H,
    3 * H,
    6 * H,
    12 * H,
    D,
    2 * D,
    7 * D,
    30 * D,
];

/// One tick: its instant (unix nanoseconds, UTC) and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeTick {
    pub at: i64,
    pub label: String,
}

/// About `count` ticks between `start` and `stop` (unix nanoseconds), in the time zone
/// `offset_minutes` east of UTC (the browser's), on round instants of that zone.
pub fn time_ticks(start: i64, stop: i64, count: usize, offset_minutes: i32) -> Vec<TimeTick> {
    if stop <= start || count == 0 {
        return Vec::new();
    }
    let want = (stop - start) / count as i64;
    let step = STEPS.iter().copied().find(|s| *s >= want).unwrap_or_else(|| {
        // Longer than a month a tick: whole multiples of 30 days.
        (want + 30 * D - 1) / (30 * D) * 30 * D
    });
    let offset = offset_minutes as i64 * MIN;
    let first = (start + offset).div_euclid(step) * step + step - offset;
    let mut out = Vec::new();
    let mut t = if first - step >= start { first - step } else { first };
    while t <= stop && out.len() <= 1000 {
        out.push(TimeTick { at: t, label: label(t + offset, step) });
        t += step;
    }
    out
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The label of local instant `t` on an axis stepping `step`: seconds when the step is under a
/// minute, hours and minutes under a day (with the date at midnight), else the date.
fn label(t: i64, step: i64) -> String {
    let days = t.div_euclid(D);
    let in_day = t.rem_euclid(D);
    let (hh, mm, ss) = (in_day / H, in_day % H / MIN, in_day % MIN / S);
    let (_, month, day) = civil(days);
    let date = format!("{} {day}", MONTHS[(month - 1) as usize]);
    if step < MIN {
        format!("{hh:02}:{mm:02}:{ss:02}")
    } else if step < D {
        if in_day == 0 {
            date
        } else {
            format!("{hh:02}:{mm:02}")
        }
    } else {
        date
    }
}

/// A full timestamp for a hover tooltip: `2026-11-27 14:05:30` in the given zone.
pub fn timestamp(t: i64, offset_minutes: i32) -> String {
    let t = t + offset_minutes as i64 * MIN;
    let (y, m, d) = civil(t.div_euclid(D));
    let in_day = t.rem_euclid(D);
    format!("{y}-{m:02}-{d:02} {:02}:{:02}:{:02}", in_day / H, in_day % H / MIN, in_day % MIN / S)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-27T00:00:00Z
    const DAY0: i64 = 1_795_737_600 * S;

    #[test]
    fn civil_dates_are_right_around_leap_years() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(DAY0 / D), (2026, 11, 27));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(-1), (1969, 12, 31));
    }

    #[test]
    fn an_hour_gets_ticks_every_ten_minutes_on_the_round_minute() {
        let start = DAY0 + 14 * H + 3 * MIN + 7 * S;
        let ticks = time_ticks(start, start + H, 6, 0);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, vec!["14:10", "14:20", "14:30", "14:40", "14:50", "15:00"]);
        assert!(ticks.iter().all(|t| t.at >= start && t.at <= start + H));
    }

    #[test]
    fn a_week_gets_daily_or_longer_ticks_labelled_by_date() {
        let ticks = time_ticks(DAY0 - 7 * D, DAY0, 6, 0);
        assert!(ticks.iter().all(|t| t.at % D == 0), "on midnights");
        assert_eq!(ticks.last().unwrap().label, "Nov 27");
    }

    #[test]
    fn a_day_shows_the_date_at_midnight_and_hours_elsewhere() {
        let ticks = time_ticks(DAY0 - 12 * H, DAY0 + 12 * H, 8, 0);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"Nov 27"), "{labels:?}");
        assert!(labels.contains(&"15:00") || labels.contains(&"18:00"), "{labels:?}");
    }

    #[test]
    fn ticks_fall_on_round_instants_of_the_local_zone() {
        // UTC+05:30: a local midnight is 18:30 UTC the day before.
        let ticks = time_ticks(DAY0 - 3 * D, DAY0, 3, 330);
        assert!(ticks.iter().all(|t| (t.at + 330 * MIN) % D == 0), "{ticks:?}");
    }

    #[test]
    fn seconds_appear_only_when_the_step_is_under_a_minute() {
        let ticks = time_ticks(DAY0, DAY0 + 30 * S, 6, 0);
        assert_eq!(ticks[1].label, "00:00:05");
        assert_eq!(timestamp(DAY0 + 14 * H + 5 * MIN + 30 * S, 60), "2026-11-27 15:05:30");
    }

    #[test]
    fn nothing_for_an_empty_range() {
        assert!(time_ticks(DAY0, DAY0, 5, 0).is_empty());
    }
}
