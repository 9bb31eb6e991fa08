//! The time range and auto-refresh interval of a dashboard page, their URL forms
//! (`?range=1h`, `?start=…&stop=…`, `?refresh=10s`), and the `v.windowPeriod` a cell asks for.
//!
//! Times are Unix nanoseconds, as in [`crate::time`]; durations of the window are milliseconds,
//! as the official UI sends them (`{magnitude: 10000, unit: "ms"}`).

use crate::time::{format_rfc3339_nanos, parse_rfc3339};
use crate::urlenc::{encode, parse_query};
use std::fmt;

const MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const NANOS_PER_MS: i128 = 1_000_000;

/// The points per graph the official UI aims at (`DESIRED_POINTS_PER_GRAPH` in influxdata/ui
/// `src/variables/utils/getWindowVars.ts`): an unlisted duration gets `round(duration / 360)`.
pub const DESIRED_POINTS_PER_GRAPH: i64 = 360;

/// The official UI's `SELECTABLE_TIME_RANGES` (`src/shared/constants/timeRanges.ts`): a range
/// whose duration is exactly one of these gets that window, not `duration / 360`.
const OFFICIAL_WINDOWS: [(i64, i64); 11] = [
    (MINUTE_MS, MS),
    (5 * MINUTE_MS, 10 * MS),
    (15 * MINUTE_MS, 10 * MS),
    (HOUR_MS, 10 * MS),
    (3 * HOUR_MS, MINUTE_MS),
    (6 * HOUR_MS, MINUTE_MS),
    (12 * HOUR_MS, 2 * MINUTE_MS),
    (DAY_MS, 4 * MINUTE_MS),
    (2 * DAY_MS, 10 * MINUTE_MS),
    (7 * DAY_MS, 30 * MINUTE_MS),
    (30 * DAY_MS, HOUR_MS),
];

/// "Past …" ranges that end now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    Past5m,
    Past15m,
    Past1h,
    Past6h,
    Past12h,
    Past24h,
    Past2d,
    Past7d,
    Past30d,
}

impl Preset {
    pub const ALL: [Preset; 9] = [
        Preset::Past5m,
        Preset::Past15m,
        Preset::Past1h,
        Preset::Past6h,
        Preset::Past12h,
        Preset::Past24h,
        Preset::Past2d,
        Preset::Past7d,
        Preset::Past30d,
    ];

    /// The duration as Flux writes it, and as the URL carries it: `5m`, `24h`, `30d`.
    pub fn as_str(self) -> &'static str {
        let (_, text) = self.parts();
        text
    }

    fn parts(self) -> ((i64, &'static str), &'static str) {
        match self {
            Preset::Past5m => ((5, "m"), "5m"),
            Preset::Past15m => ((15, "m"), "15m"),
            Preset::Past1h => ((1, "h"), "1h"),
            Preset::Past6h => ((6, "h"), "6h"),
            Preset::Past12h => ((12, "h"), "12h"),
            Preset::Past24h => ((24, "h"), "24h"),
            Preset::Past2d => ((2, "d"), "2d"),
            Preset::Past7d => ((7, "d"), "7d"),
            Preset::Past30d => ((30, "d"), "30d"),
        }
    }

    /// The magnitude and unit of the Flux duration literal (`{magnitude: 24, unit: "h"}`).
    pub fn flux_duration(self) -> (i64, &'static str) {
        self.parts().0
    }

    /// `5m` or `-5m` (as in `range(start: -5m)`).
    pub fn parse(s: &str) -> Option<Preset> {
        let s = s.trim();
        let s = s.strip_prefix('-').unwrap_or(s);
        Preset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> String {
        format!("Past {}", self.as_str())
    }

    pub fn duration_ms(self) -> i64 {
        let (magnitude, unit) = self.flux_duration();
        magnitude
            * match unit {
                "m" => MINUTE_MS,
                "h" => HOUR_MS,
                _ => DAY_MS,
            }
    }
}

/// The range every cell of a dashboard page queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRange {
    /// From `now() - preset` to `now()`.
    Past(Preset),
    /// Fixed instants, Unix nanoseconds, `start < stop`.
    Absolute { start: i128, stop: i128 },
}

/// The official UI's default (`DEFAULT_TIME_RANGE`): the past hour.
impl Default for TimeRange {
    fn default() -> Self {
        TimeRange::Past(Preset::Past1h)
    }
}

/// Why a range or refresh interval in a URL was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeError {
    UnknownPreset(String),
    UnknownRefresh(String),
    /// `start` or `stop` is not an RFC3339 time.
    BadTime {
        param: &'static str,
        value: String,
    },
    /// Only one of `start` and `stop` was given.
    MissingBound(&'static str),
    StartNotBeforeStop {
        start: i128,
        stop: i128,
    },
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::UnknownPreset(v) => {
                let all: Vec<&str> = Preset::ALL.iter().map(|p| p.as_str()).collect();
                write!(f, "Unknown time range \"{v}\": use one of {}.", all.join(", "))
            }
            RangeError::UnknownRefresh(v) => {
                let all: Vec<&str> = Refresh::ALL.iter().map(|r| r.as_str()).collect();
                write!(f, "Unknown refresh interval \"{v}\": use one of {}.", all.join(", "))
            }
            RangeError::BadTime { param, value } => {
                write!(f, "The {param} time \"{value}\" is not an RFC3339 time such as 2024-01-02T03:04:05Z.")
            }
            RangeError::MissingBound(missing) => write!(f, "A custom time range needs both start and stop: {missing} is missing."),
            RangeError::StartNotBeforeStop { start, stop } => write!(
                f,
                "The start of the time range ({}) must be before its stop ({}).",
                format_rfc3339_nanos(*start),
                format_rfc3339_nanos(*stop)
            ),
        }
    }
}

impl std::error::Error for RangeError {}

impl TimeRange {
    /// A fixed range; refused unless `start < stop`.
    pub fn absolute(start: i128, stop: i128) -> Result<TimeRange, RangeError> {
        if start < stop {
            Ok(TimeRange::Absolute { start, stop })
        } else {
            Err(RangeError::StartNotBeforeStop { start, stop })
        }
    }

    /// A fixed range from two RFC3339 texts.
    pub fn parse_absolute(start: &str, stop: &str) -> Result<TimeRange, RangeError> {
        let parse = |param: &'static str, value: &str| {
            // A link written by hand leaves the `+` of an offset unescaped, and a query string
            // reads it as a space: an RFC3339 time has no space, so it was a `+`.
            parse_rfc3339(value.trim())
                .or_else(|| parse_rfc3339(&value.trim().replace(' ', "+")))
                .ok_or_else(|| RangeError::BadTime { param, value: value.to_owned() })
        };
        TimeRange::absolute(parse("start", start)?, parse("stop", stop)?)
    }

    /// The instants (unix nanoseconds) the range covers at `now`: a past range ends now.
    pub fn bounds(&self, now: i128) -> (i128, i128) {
        match *self {
            TimeRange::Past(p) => (now - p.duration_ms() as i128 * NANOS_PER_MS, now),
            TimeRange::Absolute { start, stop } => (start, stop),
        }
    }

    pub fn duration_ms(&self) -> i64 {
        match self {
            TimeRange::Past(p) => p.duration_ms(),
            TimeRange::Absolute { start, stop } => ((stop - start) / NANOS_PER_MS) as i64,
        }
    }

    /// `Past 1h`, or `2024-01-02T03:00:00Z – 2024-01-02T04:00:00Z`.
    pub fn label(&self) -> String {
        match self {
            TimeRange::Past(p) => p.label(),
            TimeRange::Absolute { start, stop } => format!("{} – {}", format_rfc3339_nanos(*start), format_rfc3339_nanos(*stop)),
        }
    }

    /// Reads `range=1h`, or `start=…&stop=…` (RFC3339), from a query string; neither gives the
    /// default. `start`/`stop` win over `range`.
    pub fn from_query(q: &str) -> Result<TimeRange, RangeError> {
        let (mut range, mut start, mut stop) = (None, None, None);
        for (k, v) in parse_query(q) {
            match k.as_str() {
                "range" => range = Some(v),
                "start" => start = Some(v),
                "stop" => stop = Some(v),
                _ => {}
            }
        }
        match (start, stop, range) {
            (Some(a), Some(b), _) => TimeRange::parse_absolute(&a, &b),
            (Some(_), None, _) => Err(RangeError::MissingBound("stop")),
            (None, Some(_), _) => Err(RangeError::MissingBound("start")),
            (None, None, Some(r)) => Preset::parse(&r).map(TimeRange::Past).ok_or(RangeError::UnknownPreset(r)),
            (None, None, None) => Ok(TimeRange::default()),
        }
    }

    /// The URL parameters of this range, in order; the default (past hour) has none.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        match self {
            r if *r == TimeRange::default() => Vec::new(),
            TimeRange::Past(p) => vec![("range", p.as_str().to_owned())],
            TimeRange::Absolute { start, stop } => vec![("start", format_rfc3339_nanos(*start)), ("stop", format_rfc3339_nanos(*stop))],
        }
    }
}

/// How often a dashboard page runs its queries again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Refresh {
    #[default]
    Off,
    S5,
    S10,
    S30,
    M1,
    M5,
    M15,
    H1,
}

impl Refresh {
    pub const ALL: [Refresh; 8] =
        [Refresh::Off, Refresh::S5, Refresh::S10, Refresh::S30, Refresh::M1, Refresh::M5, Refresh::M15, Refresh::H1];

    /// `off`, `5s`, …, `1h`: the URL form.
    pub fn as_str(self) -> &'static str {
        match self {
            Refresh::Off => "off",
            Refresh::S5 => "5s",
            Refresh::S10 => "10s",
            Refresh::S30 => "30s",
            Refresh::M1 => "1m",
            Refresh::M5 => "5m",
            Refresh::M15 => "15m",
            Refresh::H1 => "1h",
        }
    }

    pub fn parse(s: &str) -> Option<Refresh> {
        Refresh::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The interval, or `None` when off.
    pub fn millis(self) -> Option<u32> {
        let ms = match self {
            Refresh::Off => return None,
            Refresh::S5 => 5_000,
            Refresh::S10 => 10_000,
            Refresh::S30 => 30_000,
            Refresh::M1 => 60_000,
            Refresh::M5 => 300_000,
            Refresh::M15 => 900_000,
            Refresh::H1 => 3_600_000,
        };
        Some(ms)
    }

    pub fn label(self) -> &'static str {
        match self {
            Refresh::Off => "Off",
            other => other.as_str(),
        }
    }

    /// Reads `refresh=10s`; absent is off.
    pub fn from_query(q: &str) -> Result<Refresh, RangeError> {
        match parse_query(q).into_iter().find(|(k, _)| k == "refresh") {
            Some((_, v)) => Refresh::parse(&v).ok_or(RangeError::UnknownRefresh(v)),
            None => Ok(Refresh::Off),
        }
    }
}

/// The range and refresh of a dashboard page, as its URL carries them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageTime {
    pub range: TimeRange,
    pub refresh: Refresh,
}

impl PageTime {
    pub fn from_query(q: &str) -> Result<PageTime, RangeError> {
        Ok(PageTime { range: TimeRange::from_query(q)?, refresh: Refresh::from_query(q)? })
    }

    /// `?range=6h&refresh=10s`; defaults are left out (empty string when both are defaults).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = self.range.query_pairs().into_iter().map(|(k, v)| format!("{k}={}", encode(&v))).collect();
        if self.refresh != Refresh::Off {
            parts.push(format!("refresh={}", self.refresh.as_str()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The `v.windowPeriod` of a cell `width_px` wide, in milliseconds.
///
/// What the official UI sends (`getWindowPeriodFromVariables`): the window of
/// `SELECTABLE_TIME_RANGES` when the range lasts exactly one of those durations, else
/// `round(duration / 360)`; it does not look at the cell's width. Here the window also widens
/// for a cell narrower than 360 px, so that no more points are asked for than it has pixels.
/// A width of 0 (not measured yet) counts as wide. Never below 1 ms.
pub fn window_period(range: &TimeRange, width_px: u32) -> i64 {
    let duration = range.duration_ms().max(1);
    let official = OFFICIAL_WINDOWS
        .iter()
        .find(|(d, _)| *d == duration)
        .map(|(_, w)| *w)
        .unwrap_or_else(|| (duration as f64 / DESIRED_POINTS_PER_GRAPH as f64).round() as i64);
    let width = width_px as i64;
    let per_pixel = if width == 0 || width >= DESIRED_POINTS_PER_GRAPH { 0 } else { (duration + width - 1) / width };
    official.max(per_pixel).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i128 = 1_704_164_400_000_000_000; // 2024-01-02T03:00:00Z
    const HOUR_NS: i128 = 3_600_000_000_000;

    #[test]
    fn presets_round_trip_and_accept_a_minus() {
        for p in Preset::ALL {
            assert_eq!(Preset::parse(p.as_str()), Some(p));
            assert_eq!(Preset::parse(&format!("-{}", p.as_str())), Some(p));
        }
        assert_eq!(Preset::parse("3h"), None);
        assert_eq!(Preset::Past24h.duration_ms(), 86_400_000);
        assert_eq!(Preset::Past30d.flux_duration(), (30, "d"));
        assert_eq!(Preset::Past2d.label(), "Past 2d");
    }

    #[test]
    fn url_forms() {
        let cases: [(&str, Result<TimeRange, RangeError>); 9] = [
            ("", Ok(TimeRange::Past(Preset::Past1h))),
            ("?range=6h", Ok(TimeRange::Past(Preset::Past6h))),
            ("range=-30d&x=1", Ok(TimeRange::Past(Preset::Past30d))),
            ("?range=2h", Err(RangeError::UnknownPreset("2h".into()))),
            ("?start=2024-01-02T03:00:00Z&stop=2024-01-02T04:00:00Z", Ok(TimeRange::Absolute { start: T0, stop: T0 + HOUR_NS })),
            // start/stop win over range; offsets are accepted.
            (
                "?range=5m&start=2024-01-02T04:00:00%2B01:00&stop=2024-01-02T04:00:00Z",
                Ok(TimeRange::Absolute { start: T0, stop: T0 + HOUR_NS }),
            ),
            (
                "?start=2024-01-02T04:00:00Z&stop=2024-01-02T03:00:00Z",
                Err(RangeError::StartNotBeforeStop { start: T0 + HOUR_NS, stop: T0 }),
            ),
            ("?start=yesterday&stop=2024-01-02T03:00:00Z", Err(RangeError::BadTime { param: "start", value: "yesterday".into() })),
            ("?start=2024-01-02T03:00:00Z", Err(RangeError::MissingBound("stop"))),
        ];
        for (q, want) in cases {
            assert_eq!(TimeRange::from_query(q), want, "{q}");
        }
        assert_eq!(TimeRange::absolute(T0, T0), Err(RangeError::StartNotBeforeStop { start: T0, stop: T0 }));
    }

    #[test]
    fn an_offsets_unescaped_plus_in_a_hand_written_link_is_read_as_a_plus() {
        // `+01:00` unescaped reached the parser as " 01:00" and the range was refused.
        let q = "?start=2024-01-02T04:00:00+01:00&stop=2024-01-02T05:00:00+01:00";
        assert_eq!(TimeRange::from_query(q), Ok(TimeRange::Absolute { start: T0, stop: T0 + HOUR_NS }));
    }

    #[test]
    fn page_time_round_trips() {
        let cases = [
            (PageTime::default(), ""),
            (PageTime { range: TimeRange::Past(Preset::Past7d), refresh: Refresh::S10 }, "?range=7d&refresh=10s"),
            (PageTime { range: TimeRange::Past(Preset::Past1h), refresh: Refresh::H1 }, "?refresh=1h"),
            (
                PageTime { range: TimeRange::Absolute { start: T0, stop: T0 + HOUR_NS + 5 }, refresh: Refresh::Off },
                "?start=2024-01-02T03%3A00%3A00Z&stop=2024-01-02T04%3A00%3A00.000000005Z",
            ),
        ];
        for (t, q) in cases {
            assert_eq!(t.to_query(), q);
            assert_eq!(PageTime::from_query(q), Ok(t), "{q}");
        }
        assert_eq!(Refresh::from_query("?refresh=2s"), Err(RangeError::UnknownRefresh("2s".into())));
        assert_eq!(Refresh::from_query("?refresh=off"), Ok(Refresh::Off));
        let all: Vec<Option<u32>> = Refresh::ALL.iter().map(|r| r.millis()).collect();
        assert_eq!(all, [None, Some(5_000), Some(10_000), Some(30_000), Some(60_000), Some(300_000), Some(900_000), Some(3_600_000)]);
    }

    #[test]
    fn errors_say_what_to_do() {
        let e = RangeError::StartNotBeforeStop { start: T0 + HOUR_NS, stop: T0 };
        assert_eq!(e.to_string(), "The start of the time range (2024-01-02T04:00:00Z) must be before its stop (2024-01-02T03:00:00Z).");
        assert_eq!(
            RangeError::UnknownPreset("2h".into()).to_string(),
            "Unknown time range \"2h\": use one of 5m, 15m, 1h, 6h, 12h, 24h, 2d, 7d, 30d."
        );
    }

    #[test]
    fn window_periods() {
        let abs = |ms: i128| TimeRange::Absolute { start: T0, stop: T0 + ms * NANOS_PER_MS };
        let cases = [
            // The official table for presets, for cells at least 360 px wide (or unmeasured).
            (TimeRange::Past(Preset::Past5m), 800, 10_000),
            (TimeRange::Past(Preset::Past1h), 360, 10_000),
            (TimeRange::Past(Preset::Past24h), 0, 240_000),
            (TimeRange::Past(Preset::Past30d), 1200, 3_600_000),
            // An absolute range lasting exactly a listed duration gets the same window.
            (abs(3 * HOUR_MS as i128), 1000, 60_000),
            // Otherwise round(duration / 360).
            (abs(90 * MINUTE_MS as i128), 1000, 15_000),
            (abs(1000), 1000, 3),
            (abs(1), 1000, 1),
            // Narrow cells: one point per pixel at most.
            (TimeRange::Past(Preset::Past1h), 100, 36_000),
            (TimeRange::Past(Preset::Past5m), 100, 10_000),
            (abs(90 * MINUTE_MS as i128), 7, 771_429),
        ];
        for (range, width, want) in cases {
            assert_eq!(window_period(&range, width), want, "{range:?} at {width} px");
        }
    }

    #[test]
    fn bounds_end_now_for_a_past_range_and_are_fixed_for_an_absolute_one() {
        let now = 1_000_000_000_000_000_000i128;
        assert_eq!(TimeRange::Past(Preset::Past1h).bounds(now), (now - 3_600 * 1_000_000_000, now));
        let abs = TimeRange::absolute(5, 9).unwrap();
        assert_eq!(abs.bounds(now), (5, 9));
    }
}
