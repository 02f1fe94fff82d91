//! French calendar arithmetic for legal time limits: month arithmetic,
//! public holidays and the next working day.

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// `date` plus `months` months, French style: same day number, or the last
/// day of the target month when that day does not exist (art. 641 CPC).
/// `None` only when the result is outside chrono's date range.
///
/// ```
/// use actes::transaction::add_months;
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(add_months(d(2018, 5, 28), 2), Some(d(2018, 7, 28)));
/// assert_eq!(add_months(d(2018, 12, 31), 2), Some(d(2019, 2, 28)));
/// assert_eq!(add_months(d(2019, 12, 31), 2), Some(d(2020, 2, 29)));
/// ```
#[must_use]
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    // chrono clamps to the last day of the month when the day does not
    // exist, which is the rule of art. 641 al. 2 CPC.
    date.checked_add_months(Months::new(months))
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous algorithm,
/// Meeus/Jones/Butcher). `None` for years chrono cannot represent or before
/// the Gregorian reform (1583).
///
/// ```
/// use actes::transaction::easter_sunday;
/// use chrono::NaiveDate;
/// assert_eq!(easter_sunday(2024), NaiveDate::from_ymd_opt(2024, 3, 31));
/// assert_eq!(easter_sunday(2025), NaiveDate::from_ymd_opt(2025, 4, 20));
/// ```
#[must_use]
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if year < 1583 {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// French calendar arithmetic for legal time limits: month arithmetic,
/// public holidays and the next working day.
///
/// Sources and choices (see also `docs/legal-dates.md`):
///
/// - **Month arithmetic.** A délai of *n* months that starts on a given day
///   ends on the day with the same number *n* months later; when that day
///   does not exist in the target month (31 December + 2 months), it ends on
///   the last day of that month (art. 641 al. 2 du code de procédure civile:
///   "à défaut d'un quantième identique, le délai expire le dernier jour du
///   mois"). [`add_months`] implements exactly this.
/// - **Extension to the next working day.** "Tout délai qui expirerait
///   normalement un samedi, un dimanche ou un jour férié ou chômé, est
///   prorogé jusqu'au premier jour ouvrable suivant" (art. 642 al. 2 du code
///   de procédure civile). [`Calendar::next_working_day`] implements it.
/// - **Public holidays** (*jours fériés*): the list of art. L.3133-1 du code
///   du travail — 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday,
///   Whit Monday, 14 July, 15 August, 1 November, 11 November, 25 December.
///   Whit Monday is kept although it may be worked as the *journée de
///   solidarité*: it remains a *jour férié* in law.
/// - **Alsace-Moselle** (départements 57, 67, 68) adds Good Friday and
///   26 December (art. L.3134-13 du code du travail, local law; the text
///   makes Good Friday a holiday only in communes that have a Protestant
///   church, and the library applies it to the whole three départements, as
///   is common practice — an approximation, stated here). Choose it
///   with [`Calendar::alsace_moselle`] or [`Calendar::for_departement`].
/// - **Overseas** (loi n° 83-550 of 30 June 1983, décret n° 83-1003 of
///   23 November 1983 as amended by décret n° 2012-553): the day that
///   commemorates the abolition of slavery is a public holiday — Guadeloupe
///   (971) 27 May, Martinique (972) 22 May, Guyane (973) 10 June, La Réunion
///   (974) 20 December, Mayotte (976) 27 April, Saint-Barthélemy 9 October,
///   Saint-Martin 28 May (the decree still says 27 May; interministerial
///   circulars of 2018 and 3 May 2019 keep it on 28 May, which the préfecture
///   treats as the holiday — the library follows them and says so).
///   Saint-Barthélemy and Saint-Martin have no département code of their own
///   in ACTES: both are arrondissement 3 of `971` (SPEC §8.4), so the
///   calendar of an act of `971` cannot tell them apart; the caller chooses
///   [`Calendar::SaintBarthelemy`] or [`Calendar::SaintMartin`] (the codes
///   `977` and `978`, which the INSEE gives them, are also understood).
/// - **Not included**: other local days (Saint-Pierre-et-Miquelon, Pacific
///   collectivités, which have their own labour codes). Whether the holidays
///   of the collectivité's place, of the préfecture or of the tribunal
///   govern the extension is not settled by the sources at hand: the library
///   uses the collectivité's département, and says so.
///
/// Which list of public holidays applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Calendar {
    /// The national list of art. L.3133-1 du code du travail.
    #[default]
    National,
    /// The national list plus Good Friday and 26 December (Alsace-Moselle:
    /// départements 057, 067, 068).
    AlsaceMoselle,
    /// Guadeloupe (971): the national list plus 27 May.
    Guadeloupe,
    /// Martinique (972): the national list plus 22 May.
    Martinique,
    /// Guyane (973): the national list plus 10 June.
    Guyane,
    /// La Réunion (974): the national list plus 20 December.
    Reunion,
    /// Mayotte (976): the national list plus 27 April.
    Mayotte,
    /// Saint-Barthélemy: the national list plus 9 October.
    SaintBarthelemy,
    /// Saint-Martin: the national list plus 28 May (see the
    /// [`Calendar`] documentation for why not 27 May).
    SaintMartin,
}

impl Calendar {
    /// Every calendar, national first.
    pub const ALL: &'static [Calendar] = &[
        Calendar::National,
        Calendar::AlsaceMoselle,
        Calendar::Guadeloupe,
        Calendar::Martinique,
        Calendar::Guyane,
        Calendar::Reunion,
        Calendar::Mayotte,
        Calendar::SaintBarthelemy,
        Calendar::SaintMartin,
    ];

    /// The national calendar.
    #[must_use]
    pub fn national() -> Calendar {
        Calendar::National
    }

    /// The Alsace-Moselle calendar.
    #[must_use]
    pub fn alsace_moselle() -> Calendar {
        Calendar::AlsaceMoselle
    }

    /// The stable snake_case name (`"alsace_moselle"`), as in JSON and on
    /// the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Calendar::National => "national",
            Calendar::AlsaceMoselle => "alsace_moselle",
            Calendar::Guadeloupe => "guadeloupe",
            Calendar::Martinique => "martinique",
            Calendar::Guyane => "guyane",
            Calendar::Reunion => "reunion",
            Calendar::Mayotte => "mayotte",
            Calendar::SaintBarthelemy => "saint_barthelemy",
            Calendar::SaintMartin => "saint_martin",
        }
    }

    /// The calendar of a [`Calendar::name`].
    #[must_use]
    pub fn from_name(name: &str) -> Option<Calendar> {
        Calendar::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The calendar of a département given by its 3-character code as in an
    /// IDActe: `057`, `067` and `068` are Alsace-Moselle; `971`, `972`,
    /// `973`, `974` and `976` their overseas département; `977`
    /// Saint-Barthélemy and `978` Saint-Martin (INSEE codes; ACTES files
    /// them under `971`, whose calendar is Guadeloupe's); anything else,
    /// including unknown codes, is national.
    ///
    /// ```
    /// use actes::transaction::Calendar;
    /// assert_eq!(Calendar::for_departement("067"), Calendar::AlsaceMoselle);
    /// assert_eq!(Calendar::for_departement("974"), Calendar::Reunion);
    /// assert_eq!(Calendar::for_departement("034"), Calendar::National);
    /// ```
    #[must_use]
    pub fn for_departement(code: &str) -> Calendar {
        match code {
            "057" | "067" | "068" => Calendar::AlsaceMoselle,
            "971" => Calendar::Guadeloupe,
            "972" => Calendar::Martinique,
            "973" => Calendar::Guyane,
            "974" => Calendar::Reunion,
            "976" => Calendar::Mayotte,
            "977" => Calendar::SaintBarthelemy,
            "978" => Calendar::SaintMartin,
            _ => Calendar::National,
        }
    }

    /// The local holidays this calendar adds to the national list: month,
    /// day, name (Good Friday, a movable feast, is added separately).
    fn local_fixed(self) -> &'static [(u32, u32, &'static str)] {
        const ABOLITION: &str = "Abolition de l'esclavage";
        match self {
            Calendar::National => &[],
            Calendar::AlsaceMoselle => &[(12, 26, "Saint-Étienne")],
            Calendar::Guadeloupe => &[(5, 27, ABOLITION)],
            Calendar::Martinique => &[(5, 22, ABOLITION)],
            Calendar::Guyane => &[(6, 10, ABOLITION)],
            Calendar::Reunion => &[(12, 20, ABOLITION)],
            Calendar::Mayotte => &[(4, 27, ABOLITION)],
            Calendar::SaintBarthelemy => &[(10, 9, ABOLITION)],
            Calendar::SaintMartin => &[(5, 28, ABOLITION)],
        }
    }

    /// The public holidays of `year`, in date order, with their French name.
    #[must_use]
    pub fn public_holidays(self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let mut out: Vec<_> = self.holidays(year).collect();
        out.sort();
        out
    }

    /// The public holidays of `year`, in no particular order (nothing
    /// allocated: [`is_public_holiday`](Self::is_public_holiday) runs for
    /// every day a legal date is computed over).
    fn holidays(self, year: i32) -> impl Iterator<Item = (NaiveDate, &'static str)> {
        const FIXED: &[(u32, u32, &str)] = &[
            (1, 1, "Jour de l'an"),
            (5, 1, "Fête du travail"),
            (5, 8, "Victoire 1945"),
            (7, 14, "Fête nationale"),
            (8, 15, "Assomption"),
            (11, 1, "Toussaint"),
            (11, 11, "Armistice 1918"),
            (12, 25, "Noël"),
        ];
        let fixed = FIXED
            .iter()
            .chain(self.local_fixed())
            .filter_map(move |&(m, d, name)| {
                NaiveDate::from_ymd_opt(year, m, d).map(|date| (date, name))
            });
        let easter = easter_sunday(year);
        let movable: &[(i64, &'static str)] = if self == Calendar::AlsaceMoselle {
            &[
                (1, "Lundi de Pâques"),
                (39, "Ascension"),
                (50, "Lundi de Pentecôte"),
                (-2, "Vendredi saint"),
            ]
        } else {
            &[
                (1, "Lundi de Pâques"),
                (39, "Ascension"),
                (50, "Lundi de Pentecôte"),
            ]
        };
        let movable = movable.iter().filter_map(move |&(days, name)| {
            easter?
                .checked_add_signed(chrono::TimeDelta::days(days))
                .map(|d| (d, name))
        });
        fixed.chain(movable)
    }

    /// Whether `date` is a public holiday of this calendar.
    ///
    /// ```
    /// use actes::transaction::Calendar;
    /// use chrono::NaiveDate;
    /// let c = Calendar::National;
    /// assert!(c.is_public_holiday(NaiveDate::from_ymd_opt(2025, 4, 21).unwrap())); // Easter Monday
    /// assert!(!c.is_public_holiday(NaiveDate::from_ymd_opt(2025, 4, 18).unwrap())); // Good Friday
    /// assert!(Calendar::AlsaceMoselle.is_public_holiday(NaiveDate::from_ymd_opt(2025, 4, 18).unwrap()));
    /// ```
    #[must_use]
    pub fn is_public_holiday(self, date: NaiveDate) -> bool {
        self.holidays(date.year()).any(|(d, _)| d == date)
    }

    /// Whether `date` is a working day: neither a Saturday, a Sunday nor a
    /// public holiday.
    #[must_use]
    pub fn is_working_day(self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_public_holiday(date)
    }

    /// `date` itself when it is a working day, else the first working day
    /// after it (art. 642 al. 2 CPC). Falls back to `date` at the end of
    /// chrono's range.
    ///
    /// ```
    /// use actes::transaction::Calendar;
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// // Saturday 1 May 2021 → Monday 3 May.
    /// assert_eq!(Calendar::National.next_working_day(d(2021, 5, 1)), d(2021, 5, 3));
    /// ```
    #[must_use]
    pub fn next_working_day(self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // At most a few days: a week-end next to one or two holidays.
        for _ in 0..14 {
            if self.is_working_day(d) {
                return d;
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return date,
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_known_years() {
        // Published dates of Easter Sunday.
        let known = [
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2017, 4, 16),
            (2018, 4, 1),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2038, 4, 25),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "{y}");
        }
        assert_eq!(easter_sunday(1200), None);
    }

    #[test]
    fn holidays_2024() {
        let h: Vec<NaiveDate> = Calendar::National
            .public_holidays(2024)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            h,
            vec![
                d(2024, 1, 1),
                d(2024, 4, 1),
                d(2024, 5, 1),
                d(2024, 5, 8),
                d(2024, 5, 9),
                d(2024, 5, 20),
                d(2024, 7, 14),
                d(2024, 8, 15),
                d(2024, 11, 1),
                d(2024, 11, 11),
                d(2024, 12, 25),
            ]
        );
        let am = Calendar::AlsaceMoselle.public_holidays(2024);
        assert_eq!(am.len(), 13);
        assert!(am.iter().any(|(x, _)| *x == d(2024, 3, 29)));
        assert!(am.iter().any(|(x, _)| *x == d(2024, 12, 26)));
    }

    #[test]
    fn working_days() {
        let c = Calendar::National;
        // Friday 12 July 2024 is a working day.
        assert_eq!(c.next_working_day(d(2024, 7, 12)), d(2024, 7, 12));
        // Sunday 14 July 2024 → Monday 15.
        assert_eq!(c.next_working_day(d(2024, 7, 14)), d(2024, 7, 15));
        // Monday 14 July 2025 (holiday) → Tuesday 15.
        assert_eq!(c.next_working_day(d(2025, 7, 14)), d(2025, 7, 15));
        // Saturday 30 April 2022: Sunday 1 May, then Monday 2 May.
        assert_eq!(c.next_working_day(d(2022, 4, 30)), d(2022, 5, 2));
        // Good Friday 2025 is working nationally, not in Alsace-Moselle
        // (then Easter week-end and Easter Monday).
        assert_eq!(c.next_working_day(d(2025, 4, 18)), d(2025, 4, 18));
        assert_eq!(
            Calendar::AlsaceMoselle.next_working_day(d(2025, 4, 18)),
            d(2025, 4, 22)
        );
        // Christmas 2026 is a Friday: national → Monday 28; Alsace-Moselle
        // too (26 is Saturday anyway).
        assert_eq!(c.next_working_day(d(2026, 12, 25)), d(2026, 12, 28));
    }

    #[test]
    fn overseas_holidays() {
        // (calendar, month, day) of the abolition of slavery.
        let days = [
            (Calendar::Guadeloupe, 5, 27),
            (Calendar::Martinique, 5, 22),
            (Calendar::Guyane, 6, 10),
            (Calendar::Reunion, 12, 20),
            (Calendar::Mayotte, 4, 27),
            (Calendar::SaintBarthelemy, 10, 9),
            (Calendar::SaintMartin, 5, 28),
        ];
        for (cal, m, day) in days {
            for year in [2024, 2025, 2026] {
                let date = d(year, m, day);
                assert!(cal.is_public_holiday(date), "{cal:?} {date}");
                assert!(!Calendar::National.is_public_holiday(date), "{date}");
                // Only its own calendar has it (Saint-Martin's 28 May is
                // not Guadeloupe's 27 May).
                for other in Calendar::ALL.iter().filter(|o| **o != cal) {
                    if other
                        .local_fixed()
                        .iter()
                        .all(|&(om, od, _)| (om, od) != (m, day))
                    {
                        assert!(!other.is_public_holiday(date), "{other:?} {date}");
                    }
                }
                assert_eq!(cal.public_holidays(year).len(), 12, "{cal:?}");
            }
            assert_eq!(Calendar::from_name(cal.name()), Some(cal));
        }
        // Wednesday 27 May 2026 in Guadeloupe → Thursday 28 May.
        assert_eq!(
            Calendar::Guadeloupe.next_working_day(d(2026, 5, 27)),
            d(2026, 5, 28)
        );
        // Saint-Martin: Thursday 28 May 2026 → Friday 29.
        assert_eq!(
            Calendar::SaintMartin.next_working_day(d(2026, 5, 28)),
            d(2026, 5, 29)
        );
        // Réunion: Sunday 20 December 2026 → Monday 21.
        assert_eq!(
            Calendar::Reunion.next_working_day(d(2026, 12, 19)),
            d(2026, 12, 21)
        );
        for (code, cal) in [
            ("971", Calendar::Guadeloupe),
            ("972", Calendar::Martinique),
            ("973", Calendar::Guyane),
            ("974", Calendar::Reunion),
            ("976", Calendar::Mayotte),
            ("977", Calendar::SaintBarthelemy),
            ("978", Calendar::SaintMartin),
            ("057", Calendar::AlsaceMoselle),
            ("975", Calendar::National),
            ("02A", Calendar::National),
        ] {
            assert_eq!(Calendar::for_departement(code), cal, "{code}");
        }
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(add_months(d(2023, 12, 31), 2), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2022, 12, 31), 2), Some(d(2023, 2, 28)));
        assert_eq!(add_months(d(2024, 8, 31), 2), Some(d(2024, 10, 31)));
        assert_eq!(add_months(d(2024, 7, 31), 2), Some(d(2024, 9, 30)));
        assert_eq!(add_months(d(2024, 1, 15), 2), Some(d(2024, 3, 15)));
    }
}
