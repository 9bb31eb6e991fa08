//! The benches' arithmetic on what the page measured.

use serde_json::Value;

/// The numbers of a JSON array (what a page script answered); anything else is left out.
pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().into_iter().flatten().filter_map(Value::as_f64).collect()
}

/// The `p` quantile (0 to 1, nearest rank) of `v`, which it sorts; NaN (printed as such) when
/// nothing was measured.
pub fn quantile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}
