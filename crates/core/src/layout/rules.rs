//! The 12-column rule where the rest of the app meets it: checking a position before it
//! is sent, placing a cell with CSS grid, and saying a position out loud.

use super::GRID_COLUMNS;
use crate::error::ApiError;

/// Checks a cell position before it is sent: inside the 12 columns, at least 1×1.
pub fn check_position(x: i32, y: i32, w: i32, h: i32) -> Result<(), ApiError> {
    let invalid = |m: &str| Err(ApiError::Validation { message: m.into() });
    if x < 0 || y < 0 {
        return invalid("A cell cannot start left of or above the grid.");
    }
    if w < 1 || h < 1 {
        return invalid("A cell is at least 1 wide and 1 high.");
    }
    if x + w > GRID_COLUMNS {
        return invalid("A cell must fit in the 12 columns of the grid.");
    }
    Ok(())
}

/// CSS grid placement of a cell on the 12-column grid.
pub fn grid_area(x: i32, y: i32, w: i32, h: i32) -> String {
    format!("grid-column: {} / span {}; grid-row: {} / span {};", x.max(0) + 1, w.max(1), y.max(0) + 1, h.max(1))
}

/// A position as people count it, from 1: `"column 4, row 2"` for x = 3, y = 1.
pub fn position_text(x: i32, y: i32) -> String {
    format!("column {}, row {}", x.max(0) + 1, y.max(0) + 1)
}

/// A size in words: `"4 columns wide, 1 row high"`.
pub fn size_text(w: i32, h: i32) -> String {
    let s = |n: i32| if n == 1 { "" } else { "s" };
    format!("{w} column{} wide, {h} row{} high", s(w), s(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_areas() {
        assert_eq!(grid_area(0, 0, 4, 3), "grid-column: 1 / span 4; grid-row: 1 / span 3;");
        assert_eq!(grid_area(-2, 5, 0, 2), "grid-column: 1 / span 1; grid-row: 6 / span 2;");
    }

    #[test]
    fn positions_are_checked_against_the_12_columns() {
        let cases = [
            ((0, 0, 12, 1), Ok(())),
            ((8, 3, 4, 2), Ok(())),
            ((-1, 0, 4, 2), Err("left of or above")),
            ((0, -1, 4, 2), Err("left of or above")),
            ((0, 0, 0, 2), Err("at least 1")),
            ((0, 0, 3, 0), Err("at least 1")),
            ((9, 0, 4, 2), Err("12 columns")),
        ];
        for ((x, y, w, h), want) in cases {
            let got = check_position(x, y, w, h);
            match want {
                Ok(()) => assert_eq!(got, Ok(()), "{x},{y},{w},{h}"),
                Err(part) => {
                    let e = got.expect_err("must be refused");
                    assert!(matches!(e, ApiError::Validation { .. }), "{e:?}");
                    assert!(e.message().contains(part), "{x},{y},{w},{h}: {}", e.message());
                }
            }
        }
    }

    #[test]
    fn spoken_positions_count_from_one() {
        assert_eq!(position_text(3, 1), "column 4, row 2");
        assert_eq!(position_text(0, 0), "column 1, row 1");
        assert_eq!(size_text(4, 1), "4 columns wide, 1 row high");
        assert_eq!(size_text(1, 3), "1 column wide, 3 rows high");
    }
}
