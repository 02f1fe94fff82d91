//! Classification codes, `CodeMatiere1..5` (SPEC §9.2, rule E4).

use std::cmp::Ordering;
use std::fmt;

use super::support::{describe_char_at, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};

const SEGMENT: &str = "matiere";

/// The maximum number of levels.
pub const MAX_DEPTH: usize = 5;

/// A classification code: 1 to 5 levels of positive integers (`8.9`,
/// `1.1.10`, `7.10`), stored inline (the type is `Copy`).
///
/// Reading accepts leading zeros as printed on council documents
/// (`08.09` is `8.9`); nothing else (no whitespace, no empty level).
/// Display is canonical: no leading zeros. Ordering is numeric per level
/// (`7.1 < 7.2 < 7.10`), a parent before its children (`7 < 7.1`).
///
/// A code of depth 1 is a valid classification node (the *matière*); an act
/// needs levels 1 and 2, which [`CodeMatiere::check_for_act`] checks.
///
/// Diagnostics (segment `matiere`, offset of the level or character):
/// `ID-MATIERE-EMPTY`, `ID-MATIERE-EMPTY-LEVEL`, `ID-MATIERE-NOT-DIGIT`,
/// `ID-MATIERE-ZERO`, `ID-MATIERE-OVERFLOW` (a level above 65535),
/// `ID-MATIERE-TOO-DEEP` (at the start of the 6th level),
/// `ID-MATIERE-LEVELS-1-2`.
///
/// ```
/// use actes::ids::CodeMatiere;
/// let c: CodeMatiere = "08.09".parse().unwrap();
/// assert_eq!(c.to_string(), "8.9");
/// assert_eq!(c.levels(), &[8, 9]);
/// assert_eq!(c.parent().unwrap().to_string(), "8");
///
/// let a: CodeMatiere = "7.2".parse().unwrap();
/// let b: CodeMatiere = "7.10".parse().unwrap();
/// assert!(a < b);
///
/// let err = "8..9".parse::<CodeMatiere>().unwrap_err();
/// assert_eq!(err.codes(), ["ID-MATIERE-EMPTY-LEVEL"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(2));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeMatiere {
    /// Levels, zero after `depth`.
    levels: [u16; MAX_DEPTH],
    depth: u8,
}

impl CodeMatiere {
    /// The lenient parse: the value when valid, and every finding.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<CodeMatiere> {
        let mut diagnostics = Vec::new();
        if s.is_empty() {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdMatiereEmpty,
                SEGMENT,
                0,
                "the classification code is empty",
                "le code de classification est vide",
            ));
            return Parsed {
                value: None,
                diagnostics,
            };
        }
        let mut levels = [0u16; MAX_DEPTH];
        let mut depth = 0usize;
        let mut start = 0usize;
        for (idx, part) in s.split('.').enumerate() {
            if idx == MAX_DEPTH {
                let total = s.split('.').count();
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdMatiereTooDeep,
                    SEGMENT,
                    start,
                    format!("the classification code has {total} levels; 5 at most"),
                    format!("le code de classification a {total} niveaux ; 5 au maximum"),
                ));
                break;
            }
            depth = idx + 1;
            let level_no = idx + 1;
            if part.is_empty() {
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdMatiereEmptyLevel,
                    SEGMENT,
                    start,
                    format!("level {level_no} of the classification code is empty"),
                    format!("le niveau {level_no} du code de classification est vide"),
                ));
            } else if let Some((i, _)) = part.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
                let what = describe_char_at(part, i);
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdMatiereNotDigit,
                    SEGMENT,
                    start + i,
                    format!("level {level_no} of the classification code must be digits; found {what}"),
                    format!("le niveau {level_no} du code de classification ne doit contenir que des chiffres ; trouvé {what}"),
                ));
            } else {
                let mut v = 0u32;
                for b in part.bytes() {
                    v = v * 10 + u32::from(b - b'0');
                    if v > u32::from(u16::MAX) {
                        break;
                    }
                }
                match u16::try_from(v) {
                    Ok(0) => diagnostics.push(Diagnostic::on_segment(
                        Code::IdMatiereZero,
                        SEGMENT,
                        start,
                        format!("level {level_no} of the classification code is 0; levels are positive"),
                        format!("le niveau {level_no} du code de classification vaut 0 ; les niveaux sont des entiers positifs"),
                    )),
                    Ok(v) => {
                        if let Some(slot) = levels.get_mut(idx) {
                            *slot = v;
                        }
                    }
                    Err(_) => diagnostics.push(Diagnostic::on_segment(
                        Code::IdMatiereOverflow,
                        SEGMENT,
                        start,
                        format!("level {level_no} of the classification code is larger than 65535"),
                        format!("le niveau {level_no} du code de classification dépasse 65535"),
                    )),
                }
            }
            start += part.len() + 1;
        }
        let value = if diagnostics.is_empty() {
            Some(CodeMatiere {
                levels,
                depth: depth as u8,
            })
        } else {
            None
        };
        Parsed { value, diagnostics }
    }

    /// Builds a code from its levels (1 to 5 positive integers).
    ///
    /// ```
    /// use actes::ids::CodeMatiere;
    /// assert_eq!(CodeMatiere::from_levels(&[1, 1, 10]).unwrap().to_string(), "1.1.10");
    /// assert_eq!(CodeMatiere::from_levels(&[]).unwrap_err().codes(), ["ID-MATIERE-EMPTY"]);
    /// assert_eq!(CodeMatiere::from_levels(&[7, 0]).unwrap_err().codes(), ["ID-MATIERE-ZERO"]);
    /// ```
    pub fn from_levels(levels: &[u16]) -> Result<CodeMatiere, Invalid> {
        if levels.is_empty() {
            return Err(Invalid::one(Diagnostic::on_segment(
                Code::IdMatiereEmpty,
                SEGMENT,
                0,
                "the classification code has no level",
                "le code de classification n'a aucun niveau",
            )));
        }
        let mut diagnostics = Vec::new();
        // Offsets are those of the canonical form.
        let mut offset = 0usize;
        for (idx, &v) in levels.iter().enumerate() {
            if idx == MAX_DEPTH {
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdMatiereTooDeep,
                    SEGMENT,
                    offset,
                    format!(
                        "the classification code has {} levels; 5 at most",
                        levels.len()
                    ),
                    format!(
                        "le code de classification a {} niveaux ; 5 au maximum",
                        levels.len()
                    ),
                ));
                break;
            }
            if v == 0 {
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdMatiereZero,
                    SEGMENT,
                    offset,
                    format!("level {} of the classification code is 0; levels are positive", idx + 1),
                    format!("le niveau {} du code de classification vaut 0 ; les niveaux sont des entiers positifs", idx + 1),
                ));
            }
            offset += decimal_len(v) + 1;
        }
        if !diagnostics.is_empty() {
            return Err(Invalid { diagnostics });
        }
        let mut arr = [0u16; MAX_DEPTH];
        for (slot, &v) in arr.iter_mut().zip(levels) {
            *slot = v;
        }
        Ok(CodeMatiere {
            levels: arr,
            depth: levels.len() as u8,
        })
    }

    /// The levels, from the matière down.
    #[must_use]
    pub fn levels(&self) -> &[u16] {
        self.levels
            .get(..usize::from(self.depth))
            .unwrap_or_default()
    }

    /// The number of levels, 1 to 5.
    #[must_use]
    pub fn depth(&self) -> usize {
        usize::from(self.depth)
    }

    /// Level `n`, counting from 1 (`CodeMatiere1` is `level(1)`).
    #[must_use]
    pub fn level(&self, n: usize) -> Option<u16> {
        n.checked_sub(1).and_then(|i| self.levels().get(i).copied())
    }

    /// The code one level up (`7.1` for `7.1.2`); `None` for a matière.
    #[must_use]
    pub fn parent(&self) -> Option<CodeMatiere> {
        if self.depth <= 1 {
            return None;
        }
        let mut p = *self;
        p.depth -= 1;
        if let Some(slot) = p.levels.get_mut(usize::from(p.depth)) {
            *slot = 0;
        }
        Some(p)
    }

    /// The child code `self.n`; `None` when `n` is 0 or the code already
    /// has 5 levels.
    #[must_use]
    pub fn child(&self, n: u16) -> Option<CodeMatiere> {
        if n == 0 {
            return None;
        }
        let mut c = *self;
        *c.levels.get_mut(usize::from(self.depth))? = n;
        c.depth += 1;
        Some(c)
    }

    /// Whether `self` is `other` or one of its ancestors (`7` and `7.1` are
    /// prefixes of `7.1.2`; `7.1` is not a prefix of `7.10`).
    #[must_use]
    pub fn is_prefix_of(&self, other: &CodeMatiere) -> bool {
        other.levels().starts_with(self.levels())
    }

    /// The rule for an act's classification (E4): levels 1 and 2 are
    /// mandatory. Returns the `ID-MATIERE-LEVELS-1-2` error otherwise, at
    /// the end of the canonical form.
    ///
    /// ```
    /// use actes::ids::CodeMatiere;
    /// assert!(CodeMatiere::try_from("8.9").unwrap().check_for_act().is_none());
    /// let d = CodeMatiere::try_from("8").unwrap().check_for_act().unwrap();
    /// assert_eq!(d.code.as_str(), "ID-MATIERE-LEVELS-1-2");
    /// ```
    #[must_use]
    pub fn check_for_act(&self) -> Option<Diagnostic> {
        if self.depth >= 2 {
            return None;
        }
        Some(Diagnostic::on_segment(
            Code::IdMatiereLevels12,
            SEGMENT,
            self.to_string().len(),
            format!("the classification {self} has only level 1; an act needs levels 1 and 2"),
            "Les deux premiers niveaux de classification sont obligatoires.",
        ))
    }
}

fn decimal_len(v: u16) -> usize {
    match v {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    }
}

impl PartialOrd for CodeMatiere {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CodeMatiere {
    fn cmp(&self, other: &Self) -> Ordering {
        self.levels().cmp(other.levels())
    }
}

impl fmt::Display for CodeMatiere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.levels().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for CodeMatiere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodeMatiere({self})")
    }
}

string_conversions!(CodeMatiere, "a classification code such as 8.9");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Lang;

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        CodeMatiere::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    fn cm(s: &str) -> CodeMatiere {
        s.parse().unwrap()
    }

    #[test]
    fn accepted() {
        for (s, canon, levels) in [
            ("8.9", "8.9", &[8u16, 9][..]),
            ("08.09", "8.9", &[8, 9]),
            ("1.1.10", "1.1.10", &[1, 1, 10]),
            ("7.10", "7.10", &[7, 10]),
            ("7", "7", &[7]),
            ("7.1.1.1", "7.1.1.1", &[7, 1, 1, 1]),
            ("1.2.3.4.5", "1.2.3.4.5", &[1, 2, 3, 4, 5]),
            ("65535", "65535", &[65535]),
        ] {
            let c = cm(s);
            assert_eq!(c.to_string(), canon);
            assert_eq!(c.levels(), levels);
            assert_eq!(c.depth(), levels.len());
            assert_eq!(cm(canon), c);
        }
    }

    #[test]
    fn rejected() {
        assert_eq!(codes_offsets(""), [("ID-MATIERE-EMPTY", 0)]);
        assert_eq!(codes_offsets("8..9"), [("ID-MATIERE-EMPTY-LEVEL", 2)]);
        assert_eq!(codes_offsets(".9"), [("ID-MATIERE-EMPTY-LEVEL", 0)]);
        assert_eq!(codes_offsets("8."), [("ID-MATIERE-EMPTY-LEVEL", 2)]);
        assert_eq!(codes_offsets("8.x9"), [("ID-MATIERE-NOT-DIGIT", 2)]);
        assert_eq!(codes_offsets(" 8.9"), [("ID-MATIERE-NOT-DIGIT", 0)]);
        assert_eq!(codes_offsets("8-9"), [("ID-MATIERE-NOT-DIGIT", 1)]);
        assert_eq!(codes_offsets("8.0"), [("ID-MATIERE-ZERO", 2)]);
        assert_eq!(codes_offsets("00.1"), [("ID-MATIERE-ZERO", 0)]);
        assert_eq!(codes_offsets("7.65536"), [("ID-MATIERE-OVERFLOW", 2)]);
        assert_eq!(
            codes_offsets("7.99999999999999999999"),
            [("ID-MATIERE-OVERFLOW", 2)]
        );
        assert_eq!(codes_offsets("1.2.3.4.5.6"), [("ID-MATIERE-TOO-DEEP", 10)]);
        assert_eq!(
            codes_offsets("0..x.1.2.3.4"),
            [
                ("ID-MATIERE-ZERO", 0),
                ("ID-MATIERE-EMPTY-LEVEL", 2),
                ("ID-MATIERE-NOT-DIGIT", 3),
                ("ID-MATIERE-TOO-DEEP", 9)
            ]
        );
        let p = CodeMatiere::parse_diagnostics("1.2.3.4.5.6.7");
        assert_eq!(
            p.diagnostics[0].message(Lang::En),
            "the classification code has 7 levels; 5 at most"
        );
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "le code de classification a 7 niveaux ; 5 au maximum"
        );
    }

    #[test]
    fn ordering_and_tree() {
        let mut v: Vec<CodeMatiere> = ["7.10", "7.2", "7", "7.1", "3.5.10", "3.5.2"]
            .iter()
            .map(|s| cm(s))
            .collect();
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["3.5.2", "3.5.10", "7", "7.1", "7.2", "7.10"]);
        let c = cm("7.1.2");
        assert_eq!(c.level(1), Some(7));
        assert_eq!(c.level(3), Some(2));
        assert_eq!(c.level(0), None);
        assert_eq!(c.level(4), None);
        assert_eq!(c.parent(), Some(cm("7.1")));
        assert_eq!(cm("7").parent(), None);
        assert!(cm("7").is_prefix_of(&c));
        assert!(cm("7.1").is_prefix_of(&c));
        assert!(c.is_prefix_of(&c));
        assert!(!cm("7.1").is_prefix_of(&cm("7.10")));
        assert!(!c.is_prefix_of(&cm("7.1")));
        assert_eq!(cm("7.1").child(10), Some(cm("7.1.10")));
        assert_eq!(cm("1.2.3.4.5").child(1), None);
        assert_eq!(cm("1").child(0), None);
        assert_eq!(cm("7.1").parent().unwrap(), cm("7"));
    }

    #[test]
    fn from_levels() {
        assert_eq!(CodeMatiere::from_levels(&[8, 9]).unwrap(), cm("8.9"));
        let e = CodeMatiere::from_levels(&[1, 2, 3, 4, 5, 6]).unwrap_err();
        assert_eq!(e.codes(), ["ID-MATIERE-TOO-DEEP"]);
        assert_eq!(e.diagnostics[0].location.offset, Some(10));
        let e = CodeMatiere::from_levels(&[10, 0]).unwrap_err();
        assert_eq!(e.diagnostics[0].location.offset, Some(3));
    }

    #[test]
    fn act_needs_two_levels() {
        assert!(cm("1.1").check_for_act().is_none());
        assert!(cm("1.1.10").check_for_act().is_none());
        let d = cm("10").check_for_act().unwrap();
        assert_eq!(d.code, Code::IdMatiereLevels12);
        assert_eq!(d.location.offset, Some(2));
        assert_eq!(
            d.message(Lang::Fr),
            "Les deux premiers niveaux de classification sont obligatoires."
        );
    }
}
