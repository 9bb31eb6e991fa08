//! Label colors. A label's color is data from the server (its `color` property, any string):
//! it reaches the page only through `safe_label_color`, as a `#rgb` or `#rrggbb` value, never
//! as raw CSS.

/// The color of a label without a valid one: the official UI's default label color
/// (`DEFAULT_LABEL_COLOR_HEX`, "Sapphire").
pub const DEFAULT_LABEL_COLOR: &str = "#326BBA";

/// `color` when it is `#rgb` or `#rrggbb` (hex digits in either case), else
/// `DEFAULT_LABEL_COLOR`.
pub fn safe_label_color(color: &str) -> &str {
    crate::chart::safe_color(color, DEFAULT_LABEL_COLOR)
}

/// A named color of the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelColor {
    pub name: &'static str,
    /// `#RRGGBB`.
    pub hex: &'static str,
}

const fn c(name: &'static str, hex: &'static str) -> LabelColor {
    LabelColor { name, hex }
}

/// The palette of the create/edit form: the official InfluxDB UI's preset label colors
/// (names and hex values as data), in its order.
pub const LABEL_PALETTE: [LabelColor; 30] = [
    c("Sapphire", "#326BBA"),
    c("Ocean", "#4591ED"),
    c("Pool", "#22ADF6"),
    c("Laser", "#00C9FF"),
    c("Hydrogen", "#6BDFFF"),
    c("Neutrino", "#BEF0FF"),
    c("Void", "#311F94"),
    c("Amethyst", "#513CC6"),
    c("Star", "#7A65F2"),
    c("Comet", "#9394FF"),
    c("Potassium", "#B1B6FF"),
    c("Moonstone", "#C9D0FF"),
    c("Emerald", "#108174"),
    c("Viridian", "#32B08C"),
    c("Rainforest", "#4ED8A0"),
    c("Honeydew", "#7CE490"),
    c("Krypton", "#A5F3B4"),
    c("Wasabi", "#C6FFD0"),
    c("Ruby", "#BF3D5E"),
    c("Fire", "#DC4E58"),
    c("Curacao", "#F95F53"),
    c("Dreamsicle", "#FF8564"),
    c("Tungsten", "#FFB6A0"),
    c("Marmelade", "#FFDCCF"),
    c("Topaz", "#E85B1C"),
    c("Tiger", "#F48D38"),
    c("Pineapple", "#FFB94A"),
    c("Thunder", "#FFD255"),
    c("Sulfur", "#FFE480"),
    c("Daisy", "#FFF6B8"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_colors_pass() {
        for ok in ["#abc", "#ABC", "#326BBA", "#00ffaa"] {
            assert_eq!(safe_label_color(ok), ok);
        }
        for bad in ["", "#", "red", "#12", "#1234", "#12345", "#1234567", "#ggg", "326BBA", "#fff; background: url(x)", " #fff", "#ｆｆｆ"]
        {
            assert_eq!(safe_label_color(bad), DEFAULT_LABEL_COLOR, "{bad:?}");
        }
    }

    #[test]
    fn the_palette_is_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for c in LABEL_PALETTE {
            assert_eq!(safe_label_color(c.hex), c.hex);
            assert_eq!(c.hex.len(), 7);
            assert!(seen.insert(c.hex), "{} twice", c.hex);
        }
        assert_eq!(LABEL_PALETTE[0].hex, DEFAULT_LABEL_COLOR);
    }
}
