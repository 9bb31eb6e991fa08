//! The synthetic database behind `from()`: a fixed catalog of telegraf-like series of every
//! field type on two hosts. Values are a pure function of the series and the time; a
//! measurement or field outside the catalog has no data, as on a real server.

use super::eval::{Col, Table, Ty, Value};
// The seed's hashes: the same series gives the same numbers on every run.
use crate::seed::{fnv, mix};

const S: i128 = 1_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A gauge between `lo` and `hi`, two decimals.
    Float {
        lo: f64,
        hi: f64,
    },
    /// An integer gauge between `lo` and `hi`.
    Int {
        lo: i64,
        hi: i64,
    },
    Const(i64),
    /// A counter growing by about `rate` per second.
    Counter {
        rate: i64,
    },
    /// Seconds since a boot that happens every 90 days.
    Uptime,
    /// Mostly true.
    Bool,
    /// One of a few states, each held for ten minutes.
    State(&'static [&'static str]),
}

impl Kind {
    pub fn ty(self) -> Ty {
        match self {
            Kind::Float { .. } => Ty::Float,
            Kind::Int { .. } | Kind::Const(_) | Kind::Counter { .. } | Kind::Uptime => Ty::Int,
            Kind::Bool => Ty::Bool,
            Kind::State(_) => Ty::Str,
        }
    }
}

const GIB: i64 = 1 << 30;
const HOSTS: &[&str] = &["server01", "server02"];

/// (measurement, tags other than host, fields), every measurement on both hosts.
type Entry = (&'static str, &'static [(&'static str, &'static str)], &'static [(&'static str, Kind)]);

const CATALOG: &[Entry] = &[
    ("cpu", &[], &[("usage_system", Kind::Float { lo: 2.0, hi: 25.0 }), ("usage_user", Kind::Float { lo: 5.0, hi: 65.0 })]),
    (
        "disk",
        &[("path", "/")],
        &[("free", Kind::Int { lo: 20 * GIB, hi: 120 * GIB }), ("used_percent", Kind::Float { lo: 40.0, hi: 80.0 })],
    ),
    (
        "mem",
        &[],
        &[
            ("available", Kind::Int { lo: 2 * GIB, hi: 12 * GIB }),
            ("total", Kind::Const(16 * GIB)),
            ("used_percent", Kind::Float { lo: 30.0, hi: 85.0 }),
        ],
    ),
    ("net", &[("interface", "eth0")], &[("bytes_recv", Kind::Counter { rate: 250_000 }), ("bytes_sent", Kind::Counter { rate: 90_000 })]),
    ("service", &[], &[("status", Kind::State(&["ok", "ok", "ok", "ok", "ok", "degraded", "ok", "down"])), ("up", Kind::Bool)]),
    ("system", &[], &[("load1", Kind::Float { lo: 0.0, hi: 4.0 }), ("n_cpus", Kind::Const(8)), ("uptime", Kind::Uptime)]),
];

/// One series: measurement, tags (sorted by key), field.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub measurement: String,
    pub tags: Vec<(String, String)>,
    pub field: String,
    pub kind: Kind,
}

impl Series {
    fn key(&self) -> String {
        let tags: Vec<String> = self.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{},{} {}", self.measurement, tags.join(","), self.field)
    }
}

/// The series a query can read, in storage order (measurement, tags, field).
pub struct Db {
    pub series: Vec<Series>,
}

impl Db {
    /// The catalog: every measurement on both hosts, in storage order.
    pub fn demo() -> Db {
        let mut series = Vec::new();
        for (m, extra_tags, fs) in CATALOG {
            for host in HOSTS {
                let mut tags: Vec<(String, String)> = extra_tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                tags.push(("host".into(), host.to_string()));
                tags.sort();
                for (field, kind) in fs.iter() {
                    series.push(Series { measurement: m.to_string(), tags: tags.clone(), field: field.to_string(), kind: *kind });
                }
            }
        }
        series.sort_by(|a, b| (&a.measurement, &a.tags, &a.field).cmp(&(&b.measurement, &b.tags, &b.field)));
        Db { series }
    }

    /// The measurement a seeded cell shows for `field` (the catalog's first that has it).
    pub fn measurement_of(field: &str) -> Option<&'static str> {
        CATALOG.iter().find(|(_, _, fs)| fs.iter().any(|(f, _)| *f == field)).map(|(m, _, _)| *m)
    }

    /// One table per series over `[start, stop)`, as `from() |> range()` gives them: columns
    /// `_start, _stop, _time, _value, _field, _measurement, <tags>`, grouped by all but
    /// `_time` and `_value`.
    pub fn read(&self, start: i128, stop: i128) -> Vec<Table> {
        let step = step_for(stop - start);
        let first = start.div_euclid(step) * step + if start.rem_euclid(step) == 0 { 0 } else { step };
        self.series
            .iter()
            .map(|s| {
                let mut cols = vec![
                    Col::new("_start", Ty::Time),
                    Col::new("_stop", Ty::Time),
                    Col::new("_time", Ty::Time),
                    Col::new("_value", s.kind.ty()),
                    Col::new("_field", Ty::Str),
                    Col::new("_measurement", Ty::Str),
                ];
                cols.extend(s.tags.iter().map(|(k, _)| Col::new(k, Ty::Str)));
                let mut key: Vec<String> = vec!["_start".into(), "_stop".into(), "_field".into(), "_measurement".into()];
                key.extend(s.tags.iter().map(|(k, _)| k.clone()));
                let head = [Value::Time(start), Value::Time(stop)];
                let tail: Vec<Value> = [Value::Str(s.field.clone()), Value::Str(s.measurement.clone())]
                    .into_iter()
                    .chain(s.tags.iter().map(|(_, v)| Value::Str(v.clone())))
                    .collect();
                let series_key = s.key();
                let rows: Vec<Vec<Value>> = (0..)
                    .map(|i| first + i * step)
                    .take_while(|t| *t < stop)
                    .map(|t| {
                        let mut row = head.to_vec();
                        row.push(Value::Time(t));
                        row.push(value_at(&series_key, s.kind, t));
                        row.extend(tail.iter().cloned());
                        row
                    })
                    .collect();
                Table::new(cols, key, rows)
            })
            .collect()
    }
}

/// The spacing of points for a range: 10 s, or coarser so that a series has at most ~1000
/// points (a step from a fixed ladder, so the points of two ranges line up).
pub fn step_for(range: i128) -> i128 {
    const LADDER: [i128; 16] = [10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
    let want = range / 1000;
    for s in LADDER {
        if s * S >= want {
            return s * S;
        }
    }
    let day = 86_400 * S;
    (want + day - 1) / day * day
}

/// A smooth wave in [0, 1] with a little noise, for series `h` at second `secs`.
fn wave(h: u64, secs: i128) -> f64 {
    let phase = (h >> 8) as f64 % std::f64::consts::TAU;
    let period = 3600.0 + ((h >> 16) % 7200) as f64;
    let slow = (secs as f64 / period * std::f64::consts::TAU + phase).sin();
    let daily = (secs as f64 / 86_400.0 * std::f64::consts::TAU + phase / 2.0).sin();
    let noise = (mix(h ^ secs as u64) % 1000) as f64 / 1000.0 - 0.5;
    (0.5 + 0.3 * slow + 0.12 * daily + 0.12 * noise).clamp(0.0, 1.0)
}

pub fn value_at(series: &str, kind: Kind, t: i128) -> Value {
    let h = fnv(series);
    let secs = t.div_euclid(S);
    match kind {
        Kind::Float { lo, hi } => Value::Float(((lo + (hi - lo) * wave(h, secs)) * 100.0).round() / 100.0),
        Kind::Int { lo, hi } => Value::Int(lo + ((hi - lo) as f64 * wave(h, secs)) as i64),
        Kind::Const(c) => Value::Int(c),
        Kind::Counter { rate } => {
            let per = rate / 2 + (h % rate.max(1) as u64) as i64;
            Value::Int((secs as i64).rem_euclid(1 << 40) * per + (mix(h ^ secs as u64) % 1000) as i64)
        }
        Kind::Uptime => {
            let cycle = 90 * 86_400;
            Value::Int((secs as i64 + (h % cycle as u64) as i64).rem_euclid(cycle))
        }
        Kind::Bool => Value::Bool(mix(h ^ (secs / 60) as u64) % 100 >= 3),
        Kind::State(states) => Value::Str(states[(mix(h ^ (secs / 600) as u64) % states.len() as u64) as usize].to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog() {
        let db = Db::demo();
        // 2 hosts × (2 cpu + 2 disk + 3 mem + 2 net + 2 service + 3 system).
        assert_eq!(db.series.len(), 28);
        assert_eq!(db.series[0].key(), "cpu,host=server01 usage_system");
        assert_eq!(db.series[4].key(), "disk,host=server01,path=/ free");
        let types: Vec<Ty> = db.series.iter().map(|s| s.kind.ty()).collect();
        for ty in [Ty::Float, Ty::Int, Ty::Bool, Ty::Str] {
            assert!(types.contains(&ty), "{ty:?}");
        }
        assert_eq!(Db::measurement_of("bytes_recv"), Some("net"));
        assert_eq!(Db::measurement_of("nope"), None);
    }

    #[test]
    fn values_are_plausible_and_stable() {
        for t in (0..2000).map(|i| 1_704_164_400 * S + i * 37 * S) {
            let Value::Float(v) = value_at("cpu,host=server01 usage_user", Kind::Float { lo: 5.0, hi: 65.0 }, t) else { panic!() };
            assert!((5.0..=65.0).contains(&v), "{v}");
            assert_eq!(Value::Float(v), value_at("cpu,host=server01 usage_user", Kind::Float { lo: 5.0, hi: 65.0 }, t));
        }
        assert_eq!(step_for(3600 * S), 10 * S);
        assert_eq!(step_for(86_400 * S), 120 * S);
        assert_eq!(step_for(30 * 86_400 * S), 3600 * S);
        let read = Db::demo().read(1_000 * S + 1, 1_100 * S);
        assert_eq!(read.len(), 28);
        assert_eq!(read[0].rows.len(), 9, "points at 1010 s … 1090 s");
    }
}
