//! Chinese resident identity numbers (GB 11643-1999).
//!
//! An 18-character number is: 6-digit area code, 8-digit birth date
//! (YYYYMMDD), 3-digit sequence (odd for men, even for women) and a check
//! character. Old 15-digit numbers lack the century and the check character;
//! they are converted to the 18-character form on parsing.
//!
//! Everything here is pure: "today" is passed in, never read from the clock.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Weights applied to the first 17 digits when computing the check character.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by (weighted sum mod 11).
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Earliest birth date we accept; older records do exist (e.g. 1880 births).
const MIN_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1800, 1, 1) {
    Some(d) => d,
    None => panic!("1800-01-01 is a valid date"),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// Stable lowercase code, matching the serde representation.
    pub fn code(&self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// A validated ID number, always stored in its normalized 18-character
/// uppercase form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IdNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an ID number has 18 characters (or 15 for old numbers), this one has {len}")]
    WrongLength { len: usize },
    #[error(
        "the area code {code} is not a place: an ID number starts with a province code (11 to 82), not {province}"
    )]
    BadArea { code: String, province: String },
    #[error("character {position} ('{ch}') must be a digit{}", if *position == 18 { " or X" } else { "" })]
    BadCharacter { position: usize, ch: char },
    #[error("the birth date {date} is not a real date")]
    BadDate { date: String },
    #[error("the birth date {date} is in the future")]
    FutureBirthDate { date: NaiveDate },
    #[error("the birth date {date} is before 1800-01-01")]
    TooOld { date: NaiveDate },
    #[error("the check character should be {expected}, not {found}")]
    WrongCheckDigit { expected: char, found: char },
}

/// Computes the check character for the first 17 digits (ASCII `b'0'..=b'9'`).
pub fn check_char(first17: &[u8; 17]) -> char {
    check_char_of(first17)
}

/// Slice version so callers holding a `&[u8]` need no fallible conversion.
/// Non-digit bytes give a meaningless (but non-panicking) result.
fn check_char_of(digits: &[u8]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    char::from(CHECK_CHARS[(sum % 11) as usize])
}

/// Builds a valid 18-digit number, for the demo data generator.
///
/// `area` should be a 6-digit code (e.g. from `areas::AREAS`) and `birth`
/// a date with a 4-digit year; `seq` is taken modulo 1000.
pub fn make(area: &str, birth: NaiveDate, seq: u16) -> IdNumber {
    debug_assert!(area.len() == 6 && area.bytes().all(|b| b.is_ascii_digit()));
    let body = format!(
        "{area}{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        birth.day(),
        seq % 1000
    );
    let check = check_char_of(body.as_bytes());
    IdNumber(format!("{body}{check}"))
}

impl IdNumber {
    /// Validates and normalizes an ID number typed by a user.
    ///
    /// Surrounding whitespace is ignored; a lowercase `x` check character is
    /// accepted and stored as `X`; 15-digit numbers are upgraded to 18.
    pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdError> {
        // Fullwidth digits and X, as a Chinese input method types them.
        let folded = super::text::fold_width(input);
        let text = folded.trim();
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let is_x = |ch: char| ch == 'X' || ch == 'x';

        // Report stray characters (including inner spaces) before the length,
        // since "character 7 (' ')" is more helpful than "this one has 19";
        // but an X in the wrong place of a number of the wrong length is a
        // length problem ("19 characters"), not a bad character.
        for (i, &ch) in chars.iter().enumerate() {
            if !ch.is_ascii_digit() && !is_x(ch) {
                return Err(IdError::BadCharacter {
                    position: i + 1,
                    ch,
                });
            }
        }
        if len != 18 && len != 15 {
            return Err(IdError::WrongLength { len });
        }
        for (i, &ch) in chars.iter().enumerate() {
            let position = i + 1;
            if is_x(ch) && !(len == 18 && position == 18) {
                return Err(IdError::BadCharacter { position, ch });
            }
        }
        let province = &text[..2];
        if !is_province(province) {
            return Err(IdError::BadArea {
                code: text[..6].to_string(),
                province: province.to_string(),
            });
        }

        // From here on the text is pure ASCII, so byte slicing is safe.
        let (body, found) = match len {
            18 => (text[..17].to_string(), chars[17].to_ascii_uppercase()),
            // Old numbers: insert the century; they have no check character.
            15 => (format!("{}19{}", &text[..6], &text[6..]), '?'),
            _ => return Err(IdError::WrongLength { len }),
        };

        let birth = parse_birth(&body[6..14])?;
        if birth < MIN_BIRTH {
            return Err(IdError::TooOld { date: birth });
        }
        if birth > today {
            return Err(IdError::FutureBirthDate { date: birth });
        }

        let expected = check_char_of(body.as_bytes());
        if len == 18 && found != expected {
            return Err(IdError::WrongCheckDigit { expected, found });
        }
        Ok(IdNumber(format!("{body}{expected}")))
    }

    /// Wraps an already-validated stored value without checking it again.
    pub fn from_trusted(s: String) -> IdNumber {
        IdNumber(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit administrative area code (where the number was issued).
    pub fn area_code(&self) -> &str {
        self.0.get(..6).unwrap_or("")
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Only a corrupt `from_trusted` value can fail here; don't panic on it.
        self.0
            .get(6..14)
            .and_then(|s| parse_birth(s).ok())
            .unwrap_or(MIN_BIRTH)
    }

    /// Odd sequence numbers are issued to men, even ones to women.
    pub fn gender(&self) -> Gender {
        match self.0.as_bytes().get(16) {
            Some(d) if (d.wrapping_sub(b'0')) % 2 == 1 => Gender::Male,
            _ => Gender::Female,
        }
    }

    /// Age in full years on `date` (0 if `date` is before the birth date).
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        date.years_since(self.birth_date()).unwrap_or(0)
    }

    /// Form safe to show on screen or in logs: "4302**********1234".
    pub fn masked(&self) -> String {
        let head = self.0.get(..4).unwrap_or("");
        format!("{head}{}{}", "*".repeat(10), self.last_digits(4))
    }

    /// The last `n` characters (all of them if `n` is larger than the length).
    pub fn last_digits(&self, n: usize) -> &str {
        let start = self.0.len().saturating_sub(n);
        self.0.get(start..).unwrap_or(&self.0)
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The province-level codes of GB/T 2260 that begin an ID number: 11-15
/// (north), 21-23 (north-east), 31-37 (east), 41-46 (south-central),
/// 50-54 (south-west), 61-65 (north-west), 71 Taiwan, 81 Hong Kong, 82 Macao.
fn is_province(code: &str) -> bool {
    matches!(
        code.parse::<u8>(),
        Ok(11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
    )
}

/// Parses 8 ASCII digits YYYYMMDD into a real calendar date.
fn parse_birth(digits: &str) -> Result<NaiveDate, IdError> {
    let bad = || IdError::BadDate {
        date: match (digits.get(..4), digits.get(4..6), digits.get(6..8)) {
            (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
            _ => digits.to_string(),
        },
    };
    let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|s| s.parse::<u32>().ok());
    match (num(0..4), num(4..6), num(6..8)) {
        (Some(y), Some(m), Some(d)) => {
            let year = i32::try_from(y).map_err(|_| bad())?;
            NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date is valid")
    }

    fn today() -> NaiveDate {
        date(2025, 6, 1)
    }

    /// Appends the correct check character to 17 digits.
    fn with_check(first17: &str) -> String {
        let arr: [u8; 17] = first17.as_bytes().try_into().expect("17 digits");
        format!("{first17}{}", check_char(&arr))
    }

    #[test]
    fn valid_female_with_x() {
        let id = IdNumber::parse("11010519491231002X", today()).expect("valid");
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.area_code(), "110105");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.gender().code(), "female");
        assert_eq!(id.to_string(), "11010519491231002X");
    }

    #[test]
    fn valid_male_born_1880() {
        let id = IdNumber::parse("440524188001010014", today()).expect("valid");
        assert_eq!(id.birth_date(), date(1880, 1, 1));
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.gender().code(), "male");
    }

    #[test]
    fn check_char_matches_known_numbers() {
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"44052418800101001"), '4');
    }

    #[test]
    fn lowercase_x_and_whitespace_are_normalized() {
        let id = IdNumber::parse("  11010519491231002x\n", today()).expect("valid");
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_check_digit_names_expected() {
        let err = IdNumber::parse("110105194912310021", today()).unwrap_err();
        assert_eq!(
            err,
            IdError::WrongCheckDigit {
                expected: 'X',
                found: '1'
            }
        );
        assert_eq!(err.to_string(), "the check character should be X, not 1");
    }

    #[test]
    fn february_30_is_rejected() {
        let err = IdNumber::parse(&with_check("43020419900230123"), today()).unwrap_err();
        assert_eq!(
            err,
            IdError::BadDate {
                date: "1990-02-30".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "the birth date 1990-02-30 is not a real date"
        );
    }

    #[test]
    fn future_birth_date_is_rejected() {
        let err = IdNumber::parse(&with_check("43020420250602123"), today()).unwrap_err();
        assert_eq!(
            err,
            IdError::FutureBirthDate {
                date: date(2025, 6, 2)
            }
        );
        // Born today is fine.
        assert!(IdNumber::parse(&with_check("43020420250601123"), today()).is_ok());
    }

    #[test]
    fn before_1800_is_rejected() {
        let err = IdNumber::parse(&with_check("43020417991231123"), today()).unwrap_err();
        assert_eq!(
            err,
            IdError::TooOld {
                date: date(1799, 12, 31)
            }
        );
    }

    #[test]
    fn fifteen_digits_are_converted() {
        let id = IdNumber::parse("110105491231002", today()).expect("valid");
        assert_eq!(id.as_str(), with_check("11010519491231002"));
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        // An X is never valid in a 15-digit number.
        assert!(matches!(
            IdNumber::parse("11010549123100X", today()),
            Err(IdError::BadCharacter {
                position: 15,
                ch: 'X'
            })
        ));
    }

    #[test]
    fn wrong_length_is_rejected() {
        let err = IdNumber::parse("1101051949123100", today()).unwrap_err();
        assert_eq!(err, IdError::WrongLength { len: 16 });
        assert_eq!(
            err.to_string(),
            "an ID number has 18 characters (or 15 for old numbers), this one has 16"
        );
        assert_eq!(
            IdNumber::parse("   ", today()),
            Err(IdError::WrongLength { len: 0 })
        );
    }

    #[test]
    fn letters_and_inner_spaces_are_rejected() {
        let err = IdNumber::parse("1101051949A231002X", today()).unwrap_err();
        assert_eq!(
            err,
            IdError::BadCharacter {
                position: 11,
                ch: 'A'
            }
        );
        assert_eq!(err.to_string(), "character 11 ('A') must be a digit");

        let err = IdNumber::parse("110105 19491231002X", today()).unwrap_err();
        assert_eq!(
            err,
            IdError::BadCharacter {
                position: 7,
                ch: ' '
            }
        );

        let err = IdNumber::parse("11010519491231002Y", today()).unwrap_err();
        assert_eq!(err.to_string(), "character 18 ('Y') must be a digit or X");
    }

    #[test]
    fn masked_and_last_digits() {
        let id = IdNumber::parse("440524188001010014", today()).expect("valid");
        assert_eq!(id.masked(), "4405**********0014");
        assert_eq!(id.last_digits(4), "0014");
        assert_eq!(id.last_digits(100), "440524188001010014");
        assert_eq!(id.last_digits(0), "");
    }

    #[test]
    fn age_changes_on_the_birthday() {
        let id = IdNumber::parse("11010519491231002X", today()).expect("valid");
        assert_eq!(id.age_on(date(2024, 12, 30)), 74);
        assert_eq!(id.age_on(date(2024, 12, 31)), 75);
        assert_eq!(id.age_on(date(2025, 1, 1)), 75);
        assert_eq!(id.age_on(date(1949, 12, 31)), 0);
        assert_eq!(id.age_on(date(1900, 1, 1)), 0);
    }

    #[test]
    fn serde_round_trip() {
        let id = IdNumber::parse("11010519491231002X", today()).expect("valid");
        let json = serde_json::to_string(&id).expect("serialize");
        assert_eq!(json, "\"11010519491231002X\"");
        assert_eq!(
            serde_json::from_str::<IdNumber>(&json).expect("deserialize"),
            id
        );
        assert_eq!(
            serde_json::to_string(&Gender::Female).expect("serialize"),
            "\"female\""
        );
    }

    #[test]
    fn a_number_of_the_wrong_length_says_so_whatever_its_last_character() {
        // 19 characters, an X at 18: the length is what is wrong.
        let err = IdNumber::parse("11010519491231002X1", today()).unwrap_err();
        assert_eq!(err, IdError::WrongLength { len: 19 });
        let err = IdNumber::parse("11010519491231002XX", today()).unwrap_err();
        assert_eq!(err, IdError::WrongLength { len: 19 });
        assert!(err.to_string().contains("this one has 19"), "{err}");
        // An X before the end of a number of the right length.
        let err = IdNumber::parse("1101051949123100X2", today()).unwrap_err();
        assert_eq!(
            err,
            IdError::BadCharacter {
                position: 17,
                ch: 'X'
            }
        );
    }

    #[test]
    fn an_area_code_must_start_with_a_province() {
        for (number, province) in [
            (with_check("00000019700101013"), "00"),
            (with_check("99000019700101013"), "99"),
            (with_check("10010519491231002"), "10"),
            (with_check("90010519491231002"), "90"),
        ] {
            let err = IdNumber::parse(&number, today()).unwrap_err();
            assert!(
                matches!(&err, IdError::BadArea { province: p, .. } if p == province),
                "{number}: {err:?}"
            );
            assert!(err.to_string().contains("11 to 82"), "{err}");
        }
        // Old numbers too.
        assert!(matches!(
            IdNumber::parse("000000850615123", today()),
            Err(IdError::BadArea { .. })
        ));
        for province in ["11", "15", "21", "37", "46", "50", "65", "71", "81", "82"] {
            let n = with_check(&format!("{province}010519491231002"));
            assert!(IdNumber::parse(&n, today()).is_ok(), "{n}");
        }
    }

    #[test]
    fn fullwidth_digits_and_x_are_read_as_ascii() {
        let n = IdNumber::parse("１１０１０５１９４９１２３１００２Ｘ", today()).unwrap();
        assert_eq!(n.as_str(), "11010519491231002X");
        let n = IdNumber::parse("１１０１０５１９４９１２３１００２ｘ", today()).unwrap();
        assert_eq!(n.as_str(), "11010519491231002X");
    }

    proptest! {
        #[test]
        fn made_numbers_parse_back(
            area in "(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{4}",
            days in 0i64..=(date(2025, 6, 1) - date(1800, 1, 1)).num_days(),
            seq in 0u16..1000,
        ) {
            let birth = date(1800, 1, 1) + chrono::Days::new(days as u64);
            let made = make(&area, birth, seq);
            let parsed = IdNumber::parse(made.as_str(), today()).expect("made numbers are valid");
            prop_assert_eq!(&parsed, &made);
            prop_assert_eq!(parsed.area_code(), area.as_str());
            prop_assert_eq!(parsed.birth_date(), birth);
            let gender = if seq % 2 == 1 { Gender::Male } else { Gender::Female };
            prop_assert_eq!(parsed.gender(), gender);
        }
    }
}
