//! Search keys for names, and what a search query means.
//!
//! Cases are found by applicant and adverse-party name: exactly, by prefix,
//! by full pinyin (`zhangsanfeng`) and by pinyin initials (`zsf`). The keys
//! are computed once, when a name is stored, by [`name_keys`]; a query is
//! read by [`classify`] and looked up against them. Everything here is pure.
//!
//! Pinyin keys are lowercase ASCII without tones. A character with several
//! readings (多音字) is indexed under each of them, and a surname with a
//! special reading (单 Shàn, 曾 Zēng, 尉迟 Yùchí, ...) under that reading
//! first, since a dictionary's default reading is usually the wrong one for
//! a surname.

use pinyin::{Pinyin, ToPinyinMulti};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::case::CaseNo;

/// At most this many pinyin spellings, and this many initials strings, per
/// name: every combination of readings of a long polyphonic name would
/// bloat the index for spellings nobody types.
pub const MAX_KEYS: usize = 32;

/// Only the first this many syllables (or Latin words) of a name get pinyin
/// keys; no real name is longer, and it keeps the work per name bounded.
const MAX_SYLLABLES: usize = 64;

/// The keys under which a name is indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKeys {
    /// The name itself, NFC and trimmed, for exact and prefix lookups.
    pub name: String,
    /// Full pinyin spellings (`zhangsanfeng`), the most likely one first.
    pub pinyin: Vec<String>,
    /// Initials (`zsf`), the most likely one first.
    pub initials: Vec<String>,
}

/// The keys under which `name` is indexed.
///
/// Han characters become toneless pinyin, each reading of a polyphonic
/// character giving its own spelling (capped at [`MAX_KEYS`], default
/// readings preferred). `ü` is spelled both `v` and `u` (吕 → `lv`, `lu`),
/// as people type either. Latin letters and digits pass through lowercased
/// (fullwidth and accented forms folded to ASCII); a run of them counts as
/// one word for the initials. Spaces, the middle dot and other punctuation
/// are dropped.
pub fn name_keys(name: &str) -> NameKeys {
    name_keys_as_of(name, Readings::Current)
}

/// Which readings tables: today's, or those a store of layout 4 was indexed
/// with (before [`ADDED_IN_LAYOUT_5`]), to find the keys an upgrade replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readings {
    Current,
    Layout4,
}

/// Characters whose readings were added to the tables with store layout 5.
pub const ADDED_IN_LAYOUT_5: &[char] = &['贠', '\u{20BB7}'];

/// [`name_keys`] with the readings tables of a given store layout.
pub fn name_keys_as_of(name: &str, tables: Readings) -> NameKeys {
    let name: String = name.trim().nfc().collect();
    let syllables = syllables(&name, tables);
    let initials: Vec<Vec<String>> = syllables
        .iter()
        .map(|spellings| dedup(spellings.iter().map(|s| s[..1].to_string())))
        .collect();
    NameKeys {
        pinyin: combinations(&syllables, MAX_KEYS),
        // Combined separately: many readings share an initial, so more
        // distinct initials fit under the cap this way.
        initials: combinations(&initials, MAX_KEYS),
        name,
    }
}

/// What a search query means, with the normalized form to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    /// A case number such as `2026-0001`.
    CaseNo(CaseNo),
    /// An ID or phone number, whole or its last 4+ digits, as [`digits`]
    /// gives it.
    Digits(String),
    /// Han characters (a name or the start of one), NFC and trimmed.
    Name(String),
    /// Pinyin or initials, as [`normalize_latin`] gives it.
    Latin(String),
    /// Nothing to look up: blank, only punctuation, or fewer than 4 digits.
    Empty,
}

/// The sequence of a case number typed alone ("940", "0940" for
/// 2026-0940): one to five digits, not zero.
pub fn case_sequence(query: &str) -> Option<u32> {
    let folded: String = query.nfkc().collect();
    let q = folded.trim();
    if q.is_empty() || q.len() > 5 || !q.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    q.parse().ok().filter(|n| *n > 0)
}

/// Reads a search query.
pub fn classify(query: &str) -> QueryKind {
    // NFKC so that fullwidth digits, letters and hyphens typed with a
    // Chinese input method read as ASCII.
    let folded: String = query.nfkc().collect();
    let q = folded.trim();

    // Area codes start with 0 (0755-1234567), years do not.
    if !q.starts_with('0')
        && let Ok(no) = q.parse::<CaseNo>()
    {
        return QueryKind::CaseNo(no);
    }

    let phone_like = |c: char| c.is_ascii_digit() || " -+()xX".contains(c);
    if q.chars().any(|c| c.is_ascii_digit()) && q.chars().all(phone_like) {
        // Numbers are stored without the country code.
        let d = digits(q.strip_prefix("+86").unwrap_or(q));
        // An old 15-digit ID number is stored in its 18-digit form.
        if d.len() == 15
            && let Ok(n) = super::idnumber::IdNumber::parse(&d, chrono::NaiveDate::MAX)
        {
            return QueryKind::Digits(n.to_string());
        }
        return if d.len() >= 4 {
            QueryKind::Digits(d)
        } else {
            QueryKind::Empty
        };
    }

    if q.chars().any(is_han) {
        return QueryKind::Name(query.trim().nfc().collect());
    }

    let latin = normalize_latin(q);
    if latin.chars().any(|c| c.is_ascii_alphabetic()) {
        QueryKind::Latin(latin)
    } else {
        QueryKind::Empty
    }
}

/// A pinyin or initials query as it is looked up: lowercase ASCII letters
/// and digits only, so spaces, apostrophes (`xi'an`) and tone marks go;
/// `ü` becomes `v` (names are indexed under both `lv` and `lu`).
pub fn normalize_latin(q: &str) -> String {
    let mut out = String::new();
    for c in q.nfc() {
        if "üÜǖǘǚǜǕǗǙǛ".contains(c) {
            out.push('v');
        } else {
            // Compatibility decomposition strips tone marks (ǎ → a) and
            // folds fullwidth letters (Ｚ → Z).
            decompose_compatible(c, |d| {
                if d.is_ascii_alphanumeric() {
                    out.push(d.to_ascii_lowercase());
                }
            });
        }
    }
    out
}

/// Whether `typed` picks out `word`, a choice as shown: the word or one of
/// its words starts with it, or its pinyin or initials do (`jt` and
/// `jiating` pick 家庭暴力), or, typed in Han, the word contains it (`暴力`).
/// Case, spaces and tone marks do not count. Nothing typed picks nothing.
pub fn picks(word: &str, typed: &str) -> bool {
    let typed: String = typed.trim().nfc().collect();
    if typed.is_empty() {
        return false;
    }
    if typed.chars().any(is_han) {
        return word.nfc().collect::<String>().contains(&typed);
    }
    let latin = normalize_latin(&typed);
    if latin.is_empty() {
        return false;
    }
    // The whole word and each of its parts (家庭暴力 in 虐待/遗弃/家庭暴力).
    let parts = std::iter::once(word).chain(word.split(|c: char| !c.is_alphanumeric()));
    parts.filter(|p| !p.trim().is_empty()).any(|part| {
        let keys = name_keys(part);
        normalize_latin(part).starts_with(&latin)
            || keys
                .pinyin
                .iter()
                .chain(&keys.initials)
                .any(|k| k.starts_with(&latin))
    })
}

/// Which field a search hit matched, as a code of the catalog's
/// `[find.matched]` table: the index it came from (None: the case number)
/// and how well it matched.
pub fn matched(field: Option<Field>, rank: Rank) -> &'static str {
    match (field, rank) {
        (None, _) => "case_no",
        (Some(Field::IdNumber), _) => "id_number",
        (Some(Field::Phone), _) => "phone",
        (Some(Field::Adverse | Field::AdversePinyin | Field::AdverseInitials), _) => {
            "adverse_party"
        }
        (Some(Field::Given), _) => "given_name",
        (_, Rank::Initials | Rank::InitialsPrefix) => "initials",
        (_, Rank::Pinyin | Rank::PinyinPrefix | Rank::OtherReading) => "pinyin",
        _ => "name",
    }
}

/// Whether a result should say what it matched: not when it is what the
/// line shows first (the number, the name).
pub fn says_what_matched(code: &str) -> bool {
    !matches!(code, "case_no" | "name")
}

/// The given name of a Han name: the name without its surname (a compound
/// surname such as 欧阳 or 诸葛 counts as one), so that 志强 finds 王志强.
/// None for a name of one character, a name with anything but Han
/// characters (a foreign or Latin name has no surname to strip this way),
/// or one that is all surname.
pub fn given_name(name: &str) -> Option<String> {
    let name: String = name.trim().nfc().collect();
    if !name.chars().all(is_han) {
        return None;
    }
    let surname = COMPOUND_SURNAMES
        .iter()
        .find(|(s, _)| name.starts_with(s))
        .map_or(1, |(s, _)| s.chars().count());
    let given: String = name.chars().skip(surname).collect();
    (!given.is_empty()).then_some(given)
}

/// The digits of an ID or phone number: ASCII digits, plus `X` as an ID
/// number's final check character (`x` is read as `X`). Everything else,
/// including an `X` anywhere but at the end, is dropped.
pub fn digits(s: &str) -> String {
    let kept: Vec<char> = s
        .nfkc()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            'x' | 'X' => Some('X'),
            _ => None,
        })
        .collect();
    let last = kept.len().saturating_sub(1);
    kept.iter()
        .enumerate()
        .filter(|&(i, &c)| c != 'X' || i == last)
        .map(|(_, &c)| c)
        .collect()
}

/// Compound surnames (复姓), with the reading of each character. Listed
/// mainly where that differs from the default reading (尉迟, 长孙, 万俟,
/// 单于, 澹台, 乐正), and for the common ones so their first key is right.
const COMPOUND_SURNAMES: &[(&str, &[&str])] = &[
    ("尉迟", &["yu", "chi"]),
    ("长孙", &["zhang", "sun"]),
    ("万俟", &["mo", "qi"]),
    ("单于", &["chan", "yu"]),
    ("澹台", &["tan", "tai"]),
    ("乐正", &["yue", "zheng"]),
    ("令狐", &["ling", "hu"]),
    ("欧阳", &["ou", "yang"]),
    ("司马", &["si", "ma"]),
    ("上官", &["shang", "guan"]),
    ("诸葛", &["zhu", "ge"]),
    ("东方", &["dong", "fang"]),
    ("皇甫", &["huang", "fu"]),
    ("慕容", &["mu", "rong"]),
    ("端木", &["duan", "mu"]),
    ("夏侯", &["xia", "hou"]),
    ("公孙", &["gong", "sun"]),
    ("司徒", &["si", "tu"]),
    ("司空", &["si", "kong"]),
    ("宇文", &["yu", "wen"]),
    ("轩辕", &["xuan", "yuan"]),
    ("呼延", &["hu", "yan"]),
    ("申屠", &["shen", "tu"]),
    ("钟离", &["zhong", "li"]),
    ("南宫", &["nan", "gong"]),
    ("西门", &["xi", "men"]),
    ("淳于", &["chun", "yu"]),
    ("赫连", &["he", "lian"]),
    ("独孤", &["du", "gu"]),
];

/// Single-character surnames read differently from the character's default
/// reading (单 is dān but the surname is Shàn), most usual reading first.
const SPECIAL_SURNAMES: &[(char, &[&str])] = &[
    ('单', &["shan"]),
    ('曾', &["zeng"]),
    ('仇', &["qiu"]),
    ('解', &["xie"]),
    ('区', &["ou"]),
    ('朴', &["piao"]),
    ('查', &["zha"]),
    ('盖', &["ge"]),
    ('繁', &["po"]),
    ('黑', &["he"]),
    ('覃', &["qin"]),
    ('缪', &["miao"]),
    ('种', &["chong"]),
    ('秘', &["bi"]),
    ('乐', &["yue", "le"]),
    ('员', &["yun"]),
    ('召', &["shao"]),
    ('华', &["hua"]),
    ('任', &["ren"]),
    ('过', &["guo"]),
    ('折', &["she"]),
    ('纪', &["ji"]),
    ('车', &["che"]),
    ('尉', &["yu", "wei"]),
    ('长', &["chang"]),
    ('翟', &["zhai"]),
    ('句', &["gou"]),
    ('隗', &["wei"]),
    ('宿', &["su"]),
    ('都', &["du"]),
    // 贠 is yuán as a word, yùn as a surname.
    ('贠', &["yun"]),
];

/// Characters of names that the pinyin data has no reading for (rare
/// characters outside its tables, many in Unicode's extension planes),
/// with their readings. Each entry has a test.
const EXTRA_READINGS: &[(char, &[&str])] = &[
    // 𠮷 (U+20BB7), the "吉" with a longer lower stroke: jí.
    ('\u{20BB7}', &["ji"]),
];

/// Whether a table entry for `c` is used with these tables.
fn in_tables(c: char, tables: Readings) -> bool {
    tables == Readings::Current || !ADDED_IN_LAYOUT_5.contains(&c)
}

/// The readings of a character: the pinyin data's, else our table's.
fn readings(c: char, tables: Readings) -> Option<Vec<&'static str>> {
    if let Some(multi) = c.to_pinyin_multi() {
        return Some(multi.into_iter().map(Pinyin::plain).collect());
    }
    EXTRA_READINGS
        .iter()
        .find(|(ch, _)| *ch == c && in_tables(c, tables))
        .map(|(_, r)| r.to_vec())
}

/// The name as a sequence of syllables (or Latin words), each with its
/// possible spellings, preferred first.
fn syllables(name: &str, tables: Readings) -> Vec<Vec<String>> {
    let preferred = surname_readings(name, tables);
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut word = String::new();
    for (i, c) in name.chars().enumerate() {
        if let Some(own) = readings(c, tables) {
            flush(&mut word, &mut out);
            let surname = preferred.get(i).into_iter().flatten().copied();
            let all = surname.chain(own);
            out.push(dedup(all.flat_map(spellings)));
        } else {
            let before = word.len();
            decompose_compatible(c, |d| {
                if d.is_ascii_alphanumeric() {
                    word.push(d.to_ascii_lowercase());
                }
            });
            // Spaces, the middle dot, punctuation, other scripts and Han
            // characters without pinyin data end a word; a stray combining
            // accent does not.
            if word.len() == before && !is_combining_mark(c) {
                flush(&mut word, &mut out);
            }
        }
    }
    flush(&mut word, &mut out);
    out.truncate(MAX_SYLLABLES);
    out
}

fn flush(word: &mut String, out: &mut Vec<Vec<String>>) {
    if !word.is_empty() {
        out.push(vec![std::mem::take(word)]);
    }
}

/// Surname readings to put first for the leading characters of `name`.
fn surname_readings(name: &str, tables: Readings) -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&'static str>> = COMPOUND_SURNAMES
        .iter()
        .find(|(surname, _)| name.starts_with(surname))
        .map(|(_, readings)| readings.iter().map(|r| vec![*r]).collect())
        .unwrap_or_default();
    // Also the single surname's reading: 单于勤 may be Shàn Yúqín as well
    // as a Chányú.
    if let Some(first) = name.chars().next()
        && let Some((_, readings)) = SPECIAL_SURNAMES
            .iter()
            .find(|(c, _)| *c == first && in_tables(*c, tables))
    {
        if out.is_empty() {
            out.push(Vec::new());
        }
        out[0].extend_from_slice(readings);
    }
    out
}

/// The ASCII spellings of one toneless reading: `ü` both as `v` and `u`.
fn spellings(reading: &str) -> Vec<String> {
    if reading.contains('ü') {
        return vec![reading.replace('ü', "v"), reading.replace('ü', "u")];
    }
    let mut ascii = String::new();
    // The data also has ê (欸) and the odd combining mark: fold to ASCII.
    for c in reading.chars() {
        decompose_compatible(c, |d| {
            if d.is_ascii_alphanumeric() {
                ascii.push(d.to_ascii_lowercase());
            }
        });
    }
    if ascii.is_empty() {
        Vec::new()
    } else {
        vec![ascii]
    }
}

/// Drops repeats, keeping the first of each (tones collapse, so 子 zǐ and
/// zi are both "zi").
fn dedup(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Concatenations of one spelling per syllable, at most `cap`, best first:
/// all-default, then those with one alternative reading, and so on. (The
/// "cost" of a combination is the sum of its spellings' positions.) This way
/// the cap drops the least likely spellings, and every single alternative
/// reading survives it before any combination of two does.
fn combinations(syllables: &[Vec<String>], cap: usize) -> Vec<String> {
    let mut out = Vec::new();
    if syllables.iter().any(Vec::is_empty) {
        return out;
    }
    // room[i]: the most cost syllables i.. can take.
    let mut room = vec![0; syllables.len() + 1];
    for i in (0..syllables.len()).rev() {
        room[i] = room[i + 1] + syllables[i].len() - 1;
    }
    for cost in 0..=room[0] {
        spell(syllables, &room, cost, &mut String::new(), &mut out, cap);
        if out.len() >= cap {
            break;
        }
    }
    out
}

/// Appends to `out` the spellings of `syllables` costing exactly `cost`.
fn spell(
    syllables: &[Vec<String>],
    room: &[usize],
    cost: usize,
    prefix: &mut String,
    out: &mut Vec<String>,
    cap: usize,
) {
    let Some((first, rest)) = syllables.split_first() else {
        if !prefix.is_empty() && !out.contains(prefix) {
            out.push(prefix.clone());
        }
        return;
    };
    for (i, spelling) in first.iter().enumerate().take(cost + 1) {
        if out.len() >= cap {
            return;
        }
        if cost - i > room[1] {
            continue; // the rest cannot make up the difference
        }
        let len = prefix.len();
        prefix.push_str(spelling);
        spell(rest, &room[1..], cost - i, prefix, out, cap);
        prefix.truncate(len);
    }
}

/// Han ideographs (and 〇), including the extension blocks where rare name
/// characters live.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

/// What a key was made from. The byte is part of the stored key.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    Name = b'n' as isize,
    /// The most likely spelling (surname reading first).
    Pinyin = b'p' as isize,
    Initials = b'i' as isize,
    /// Other readings of polyphonic characters: found, but ranked lower,
    /// since dictionaries list rare readings that would crowd the results.
    PinyinOther = b'P' as isize,
    InitialsOther = b'I' as isize,
    /// ID number, reversed so that "the last digits" is a prefix.
    IdNumber = b'd' as isize,
    /// Phone digits, reversed likewise.
    Phone = b't' as isize,
    Adverse = b'a' as isize,
    AdversePinyin = b'q' as isize,
    AdverseInitials = b'r' as isize,
    /// The given name: a Han name without its surname (志强 of 王志强).
    Given = b'g' as isize,
}

impl Field {
    /// The byte that stands for the field in the store's search keys.
    pub fn tag(self) -> u8 {
        self as u8
    }
}

/// How well a hit matches: lower is better (exact before prefix before initials).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Rank {
    Exact,
    Prefix,
    Pinyin,
    PinyinPrefix,
    Initials,
    InitialsPrefix,
    OtherReading,
    /// The given name, exactly or its start.
    Given,
    LastDigits,
    Adverse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_numbers_sequence_alone_is_read_as_one() {
        assert_eq!(case_sequence("940"), Some(940));
        assert_eq!(case_sequence(" 0940 "), Some(940));
        assert_eq!(case_sequence("０９４０"), Some(940));
        assert_eq!(case_sequence("0"), None);
        assert_eq!(case_sequence("123456"), None);
        assert_eq!(case_sequence("张三"), None);
    }

    fn has(keys: &[String], key: &str) -> bool {
        keys.iter().any(|k| k == key)
    }

    #[test]
    fn full_pinyin_and_initials() {
        let keys = name_keys(" 张三丰 ");
        assert_eq!(keys.name, "张三丰");
        assert_eq!(keys.pinyin, ["zhangsanfeng"]);
        assert_eq!(keys.initials, ["zsf"]);
    }

    #[test]
    fn surnames_are_found_by_their_surname_reading() {
        for (name, pinyin) in [
            ("单雄信", "shanxiongxin"),
            ("曾国藩", "zengguofan"),
            ("仇英", "qiuying"),
            ("解缙", "xiejin"),
            ("区寄", "ouji"),
            ("朴正", "piaozheng"),
            ("查良镛", "zhaliangyong"),
            ("盖勋", "gexun"),
        ] {
            let keys = name_keys(name);
            // First, so it is the one shown and the one kept under the cap.
            assert_eq!(keys.pinyin[0], pinyin, "{name}: {:?}", keys.pinyin);
        }
        // ... and still by the character's other readings.
        assert!(has(&name_keys("单雄信").pinyin, "danxiongxin"));
        assert!(has(&name_keys("曾国藩").pinyin, "cengguofan"));
    }

    #[test]
    fn surname_readings_of_the_table() {
        // Each special surname is found by its surname reading first.
        for (c, readings) in SPECIAL_SURNAMES {
            let name = format!("{c}建华");
            let keys = name_keys(&name);
            assert_eq!(
                keys.pinyin[0],
                format!("{}jianhua", readings[0]),
                "{name}: {:?}",
                keys.pinyin
            );
        }
        assert_eq!(name_keys("贠建华").pinyin[0], "yunjianhua");
        assert_eq!(name_keys("贠建华").initials[0], "yjh");
    }

    #[test]
    fn characters_the_pinyin_data_lacks_have_their_reading() {
        for (c, readings) in EXTRA_READINGS {
            assert!(
                c.to_pinyin_multi().is_none(),
                "{c} is in the data now: drop it here"
            );
            let keys = name_keys(&format!("{c}天春"));
            assert_eq!(keys.pinyin[0], format!("{}tianchun", readings[0]), "{c}");
        }
        assert_eq!(name_keys("𠮷天春").pinyin[0], "jitianchun");
        assert_eq!(name_keys("𠮷天春").initials[0], "jtc");
    }

    #[test]
    fn compound_surnames() {
        let keys = name_keys("尉迟恭");
        assert_eq!(keys.pinyin[0], "yuchigong");
        assert_eq!(keys.initials[0], "ycg");
        assert!(has(&keys.pinyin, "weichigong"));
        assert_eq!(name_keys("万俟卨").pinyin[0], "moqixie");
        assert_eq!(name_keys("长孙无忌").pinyin[0], "zhangsunwuji");
        assert_eq!(name_keys("欧阳修").initials[0], "oyx");
        // 单于 as a compound, but also 单 Shàn with a given name 于...
        let keys = name_keys("单于勤");
        assert_eq!(keys.pinyin[0], "chanyuqin");
        assert!(has(&keys.pinyin, "shanyuqin"));
    }

    #[test]
    fn a_polyphonic_character_is_found_by_each_reading() {
        let keys = name_keys("张乐");
        assert!(has(&keys.pinyin, "zhangle"));
        assert!(has(&keys.pinyin, "zhangyue"));
        assert!(has(&keys.initials, "zl"));
        assert!(has(&keys.initials, "zy"));
        let keys = name_keys("王长");
        assert!(has(&keys.pinyin, "wangzhang"));
        assert!(has(&keys.pinyin, "wangchang"));
        // As a surname 长 is Cháng.
        assert_eq!(name_keys("长江").pinyin[0], "changjiang");
    }

    #[test]
    fn u_umlaut_is_spelled_v_and_u() {
        let keys = name_keys("吕布");
        assert_eq!(keys.pinyin, ["lvbu", "lubu"]);
        assert_eq!(keys.initials, ["lb"]);
        assert!(has(&name_keys("女娲").pinyin, "nvwa"));
    }

    #[test]
    fn combinations_are_capped_preferring_default_readings() {
        // Every character here has three or more readings.
        let name = "朴单曾查解仇区";
        let keys = name_keys(name);
        assert_eq!(keys.pinyin.len(), MAX_KEYS);
        assert!(keys.initials.len() <= MAX_KEYS);
        let defaults: String = name
            .chars()
            .skip(1)
            .map(|c| c.to_pinyin_multi().unwrap().get(0).plain())
            .collect();
        assert_eq!(keys.pinyin[0], format!("piao{defaults}"));
        // Each single alternative reading survives the cap.
        assert!(has(&keys.pinyin, "piaodanzengchajiechouqu"));
        assert!(has(&keys.pinyin, "piaodancengchajiechouou"));
        // A long name stays bounded too.
        let long = "乐".repeat(200);
        let keys = name_keys(&long);
        assert_eq!(keys.pinyin.len(), MAX_KEYS);
        assert_eq!(keys.pinyin[0].len(), "yue".len() + "le".len() * 63);
    }

    #[test]
    fn other_characters_pass_through() {
        let keys = name_keys("阿依古丽·买买提");
        assert_eq!(keys.pinyin[0], "ayigulimaimaiti");
        assert_eq!(keys.initials[0], "ayglmmt");
        let keys = name_keys("John  Smith");
        assert_eq!(keys.name, "John  Smith");
        assert_eq!(keys.pinyin, ["johnsmith"]);
        assert_eq!(keys.initials, ["js"]);
        let keys = name_keys("李Ａ2");
        assert_eq!(keys.pinyin, ["lia2"]);
        assert_eq!(keys.initials, ["la"]);
        assert_eq!(name_keys("José").pinyin, ["jose"]);
        assert!(name_keys("").pinyin.is_empty());
        assert!(name_keys("·").initials.is_empty());
    }

    #[test]
    fn classify_queries() {
        assert_eq!(
            classify("2026-0001"),
            QueryKind::CaseNo(CaseNo::new(2026, 1))
        );
        assert_eq!(
            classify("２０２６－０００１"),
            QueryKind::CaseNo(CaseNo::new(2026, 1))
        );
        assert_eq!(classify("1234"), QueryKind::Digits("1234".into()));
        assert_eq!(classify("002x"), QueryKind::Digits("002X".into()));
        assert_eq!(
            classify("0755-1234567"),
            QueryKind::Digits("07551234567".into())
        );
        assert_eq!(
            classify("+86 138-0013-8000"),
            QueryKind::Digits("13800138000".into())
        );
        // An old 15-digit ID number: looked up in its 18-digit form.
        assert_eq!(
            classify("430204850615123"),
            QueryKind::Digits("43020419850615123X".into())
        );
        assert_eq!(
            crate::domain::idnumber::IdNumber::parse("430204850615123", chrono::NaiveDate::MAX)
                .unwrap()
                .as_str(),
            "43020419850615123X"
        );
        assert_eq!(classify("123"), QueryKind::Empty);
        assert_eq!(classify("张"), QueryKind::Name("张".into()));
        assert_eq!(classify(" 张三 "), QueryKind::Name("张三".into()));
        assert_eq!(classify("zsf"), QueryKind::Latin("zsf".into()));
        assert_eq!(classify("Zhang San"), QueryKind::Latin("zhangsan".into()));
        assert_eq!(classify("x"), QueryKind::Latin("x".into()));
        assert_eq!(classify("  "), QueryKind::Empty);
        assert_eq!(classify("--"), QueryKind::Empty);
    }

    #[test]
    fn latin_queries_are_normalized() {
        assert_eq!(normalize_latin("Xi'an"), "xian");
        assert_eq!(normalize_latin("Lǚ Bù"), "lvbu");
        assert_eq!(normalize_latin("lü"), "lv");
        assert_eq!(normalize_latin("ＺＳＦ"), "zsf");
        assert_eq!(normalize_latin("Zhāng Sānfēng"), "zhangsanfeng");
    }

    #[test]
    fn digits_keep_a_final_x() {
        assert_eq!(digits("138 0013 8000"), "13800138000");
        assert_eq!(digits("11010519491231002x"), "11010519491231002X");
        assert_eq!(digits("138-0013 ext 12"), "138001312");
        assert_eq!(digits("１３８"), "138");
    }

    #[test]
    fn a_choice_is_picked_by_its_start_a_word_its_pinyin_or_han_inside() {
        assert!(picks("Domestic violence", "dom"));
        assert!(picks("Domestic violence", "VIOL"));
        assert!(!picks("Domestic violence", "omestic"));
        assert!(picks("家庭暴力", "jt"));
        assert!(picks("家庭暴力", "jiatingb"));
        assert!(picks("家庭暴力", "暴力"));
        assert!(picks("虐待/遗弃/家庭暴力", "jt"));
        assert!(picks("虐待/遗弃/家庭暴力", "nd"));
        assert!(!picks("家庭暴力", "bl"));
        assert!(!picks("家庭暴力", "劳动"));
        assert!(picks("勞動爭議", "ld"));
        assert!(!picks("Wages", ""));
        assert!(!picks("Wages", " - "));
    }

    #[test]
    fn the_given_name_is_the_name_without_its_surname() {
        assert_eq!(given_name("王志强"), Some("志强".into()));
        assert_eq!(given_name(" 欧阳秀英 "), Some("秀英".into()));
        assert_eq!(given_name("诸葛亮"), Some("亮".into()));
        assert_eq!(given_name("李四"), Some("四".into()));
        assert_eq!(given_name("王"), None);
        assert_eq!(given_name("欧阳"), None);
        assert_eq!(given_name("Anna Müller"), None);
        assert_eq!(given_name("阿依古丽·买买提"), None);
    }
}
