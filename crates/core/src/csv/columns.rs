//! Column storage: one vector of values per column and a null bit set beside it, made only
//! once a null arrives; strings and bytes in one buffer per column.

/// Cells of a fixed-size type. Row `i` is `slots()[i]` unless it is null; a null row's
/// slot holds `T::default()`, so `slots()` can be handed to a chart as it is.
#[derive(Clone, Debug, Default)]
pub struct Values<T> {
    slots: Vec<T>,
    /// Bit `i` set: row `i` is null. `None` while there is no null; when present, exactly
    /// one word per 64 rows.
    nulls: Option<Vec<u64>>,
}

impl<T: Copy + Default> Values<T> {
    pub fn new() -> Self {
        Values { slots: Vec::new(), nulls: None }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Row `i`; `None` when it is null or past the end.
    pub fn get(&self, i: usize) -> Option<T> {
        if self.is_null(i) {
            return None;
        }
        self.slots.get(i).copied()
    }

    /// Whether row `i` is null (`false` past the end).
    pub fn is_null(&self, i: usize) -> bool {
        match &self.nulls {
            Some(words) => i < self.slots.len() && words[i / 64] & (1 << (i % 64)) != 0,
            None => false,
        }
    }

    pub fn null_count(&self) -> usize {
        self.nulls.as_ref().map_or(0, |w| w.iter().map(|x| x.count_ones() as usize).sum())
    }

    /// Every row's slot, nulls included (as `T::default()`).
    pub fn slots(&self) -> &[T] {
        &self.slots
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<T>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends a copy of the last row; `false` (nothing appended) when there is none or it
    /// is null.
    pub(crate) fn repeat_last(&mut self) -> bool {
        match self.slots.len().checked_sub(1) {
            Some(i) if !self.is_null(i) => {
                let v = self.slots[i];
                self.push(Some(v));
                true
            }
            _ => false,
        }
    }

    #[inline]
    pub fn push(&mut self, value: Option<T>) {
        let i = self.slots.len();
        if let Some(words) = &mut self.nulls {
            if i.is_multiple_of(64) {
                words.push(0);
            }
        }
        match value {
            Some(v) => self.slots.push(v),
            None => {
                self.slots.push(T::default());
                let words = self.nulls.get_or_insert_with(|| vec![0; i / 64 + 1]);
                words[i / 64] |= 1 << (i % 64);
            }
        }
    }
}

impl<T: Copy + Default> FromIterator<Option<T>> for Values<T> {
    fn from_iter<I: IntoIterator<Item = Option<T>>>(iter: I) -> Self {
        let mut v = Values::new();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl<T: Copy + Default> From<Vec<Option<T>>> for Values<T> {
    fn from(v: Vec<Option<T>>) -> Self {
        v.into_iter().collect()
    }
}

// Equal when every row is: the slot under a null does not count, and doubles compare by
// bits (NaN equals NaN), like `Value`.
macro_rules! values_eq {
    ($($t:ty => $same:expr),*) => {$(
        impl PartialEq for Values<$t> {
            fn eq(&self, other: &Self) -> bool {
                let same: fn(&$t, &$t) -> bool = $same;
                self.len() == other.len()
                    && (0..self.len()).all(|i| match (self.get(i), other.get(i)) {
                        (Some(a), Some(b)) => same(&a, &b),
                        (None, None) => true,
                        _ => false,
                    })
            }
        }
    )*};
}
values_eq!(bool => |a, b| a == b, i64 => |a, b| a == b, u64 => |a, b| a == b, f64 => |a, b| a.to_bits() == b.to_bits());

/// A null row's span.
const NULL: (u32, u32) = (u32::MAX, u32::MAX);

/// Spans into one buffer; a row equal to the row before it reuses its span, so a group-key
/// column's value is stored once per table, not once per row.
#[derive(Clone, Debug, Default)]
struct Spans {
    spans: Vec<(u32, u32)>,
}

impl Spans {
    fn get(&self, i: usize) -> Option<(usize, usize)> {
        match self.spans.get(i) {
            Some(&s) if s != NULL => Some((s.0 as usize, s.1 as usize)),
            _ => None,
        }
    }

    /// Pushes the last row's span again if that row is not null and holds `bytes` in `buf`.
    fn push_repeat(&mut self, buf: &[u8], bytes: &[u8]) -> bool {
        match self.spans.last() {
            Some(&last) if last != NULL && buf[last.0 as usize..last.1 as usize] == *bytes => {
                self.spans.push(last);
                true
            }
            _ => false,
        }
    }

    fn repeat_last(&mut self) -> bool {
        match self.spans.last() {
            Some(&last) if last != NULL => {
                self.spans.push(last);
                true
            }
            _ => false,
        }
    }

    /// `Err` past 4 GiB.
    fn push(&mut self, start: usize, end: usize) -> Result<(), ()> {
        let end = u32::try_from(end).map_err(|_| ())?;
        self.spans.push((start as u32, end));
        Ok(())
    }
}

/// The cells of a `string` column.
#[derive(Clone, Debug, Default)]
pub struct StrValues {
    text: String,
    spans: Spans,
}

impl StrValues {
    pub fn new() -> Self {
        StrValues::default()
    }

    pub fn len(&self) -> usize {
        self.spans.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn repeat_last(&mut self) -> bool {
        self.spans.repeat_last()
    }

    /// Bytes of text held: a row equal to the row before it adds none.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Row `i`; `None` when it is null or past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.spans.get(i).map(|(s, e)| &self.text[s..e])
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends a row. Panics past 4 GiB of text in one column.
    pub fn push(&mut self, value: Option<&str>) {
        self.try_push(value).expect("a string column past 4 GiB");
    }

    /// Appends a row given as bytes: `Ok(false)` (nothing appended) when they are not
    /// UTF-8. A repeat of the row before is not checked again.
    pub(crate) fn try_push_bytes(&mut self, b: &[u8]) -> Result<bool, ()> {
        if self.spans.push_repeat(self.text.as_bytes(), b) {
            return Ok(true);
        }
        match std::str::from_utf8(b) {
            Ok(s) => self.try_push(Some(s)).map(|()| true),
            Err(_) => Ok(false),
        }
    }

    /// Appends a row; `Err` (nothing appended) past 4 GiB of text.
    pub(crate) fn try_push(&mut self, value: Option<&str>) -> Result<(), ()> {
        let Some(s) = value else {
            self.spans.spans.push(NULL);
            return Ok(());
        };
        if self.spans.push_repeat(self.text.as_bytes(), s.as_bytes()) {
            return Ok(());
        }
        let start = self.text.len();
        self.spans.push(start, start + s.len())?;
        self.text.push_str(s);
        Ok(())
    }
}

impl<'a> FromIterator<Option<&'a str>> for StrValues {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(iter: I) -> Self {
        let mut v = StrValues::new();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl PartialEq for StrValues {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The cells of a `base64Binary` column, decoded.
#[derive(Clone, Debug, Default)]
pub struct BytesValues {
    bytes: Vec<u8>,
    spans: Spans,
}

impl BytesValues {
    pub fn new() -> Self {
        BytesValues::default()
    }

    pub fn len(&self) -> usize {
        self.spans.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`; `None` when it is null or past the end.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.spans.get(i).map(|(s, e)| &self.bytes[s..e])
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&[u8]>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub(crate) fn repeat_last(&mut self) -> bool {
        self.spans.repeat_last()
    }

    /// Appends a row. Panics past 4 GiB of bytes in one column.
    pub fn push(&mut self, value: Option<&[u8]>) {
        match value {
            None => self.spans.spans.push(NULL),
            Some(b) => {
                let pushed = self.push_with(|buf| {
                    buf.extend_from_slice(b);
                    true
                });
                pushed.expect("a bytes column past 4 GiB");
            }
        }
    }

    /// Appends a row that `decode` appends straight onto the column's buffer; `Ok(false)`
    /// (nothing appended) when `decode` refuses, `Err` past 4 GiB.
    pub(crate) fn push_with(&mut self, decode: impl FnOnce(&mut Vec<u8>) -> bool) -> Result<bool, ()> {
        let start = self.bytes.len();
        if !decode(&mut self.bytes) {
            self.bytes.truncate(start);
            return Ok(false);
        }
        let (done, fresh) = self.bytes.split_at(start);
        if self.spans.push_repeat(done, fresh) {
            self.bytes.truncate(start);
            return Ok(true);
        }
        self.spans.push(start, self.bytes.len())?;
        Ok(true)
    }
}

impl<'a> FromIterator<Option<&'a [u8]>> for BytesValues {
    fn from_iter<I: IntoIterator<Item = Option<&'a [u8]>>>(iter: I) -> Self {
        let mut v = BytesValues::new();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl PartialEq for BytesValues {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}
