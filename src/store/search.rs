//! The search index: keys computed once per change from a case's names,
//! ID number and phone, so that a lookup is a few index ranges, never a
//! scan. Key: `N`, a field tag, the key bytes, 0x00, the case number.

use std::collections::BTreeSet;

use crate::domain::case::{Case, CaseNo};
use crate::domain::search::{Field, QueryKind, Rank, Readings, classify, digits, name_keys_as_of};

use super::keys;

fn key(field: Field, text: &str, no: Option<CaseNo>) -> Vec<u8> {
    let mut k = vec![keys::SEARCH, field.tag()];
    k.extend_from_slice(text.as_bytes());
    if let Some(no) = no {
        k.push(0);
        k.extend_from_slice(&keys::case(no)[1..]);
    }
    k
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// Every search key of a case.
pub fn case_keys(case: &Case) -> BTreeSet<Vec<u8>> {
    case_keys_as_of(case, Readings::Current)
}

/// [`case_keys`] with the readings tables of a store layout (an upgrade
/// finds the keys it replaces).
pub fn case_keys_as_of(case: &Case, tables: Readings) -> BTreeSet<Vec<u8>> {
    let name_keys = |name: &str| name_keys_as_of(name, tables);
    let no = Some(case.no);
    let mut out = BTreeSet::new();
    let k = name_keys(&case.applicant.name);
    if !k.name.is_empty() {
        out.insert(key(Field::Name, &k.name.to_lowercase(), no));
    }
    for (i, p) in k.pinyin.iter().enumerate() {
        let field = if i == 0 {
            Field::Pinyin
        } else {
            Field::PinyinOther
        };
        out.insert(key(field, p, no));
    }
    out.extend(given_key(case));
    for (i, p) in k.initials.iter().enumerate() {
        let field = if i == 0 {
            Field::Initials
        } else {
            Field::InitialsOther
        };
        out.insert(key(field, p, no));
    }
    // An adverse party is found by its name and most likely spelling only.
    if let Some(a) = &case.adverse_party {
        let k = name_keys(a);
        if !k.name.is_empty() {
            out.insert(key(Field::Adverse, &k.name.to_lowercase(), no));
        }
        if let Some(p) = k.pinyin.first() {
            out.insert(key(Field::AdversePinyin, p, no));
        }
        if let Some(i) = k.initials.first() {
            out.insert(key(Field::AdverseInitials, i, no));
        }
    }
    if let Some(id) = &case.applicant.id_number {
        out.insert(key(Field::IdNumber, &reversed(id.as_str()), no));
    }
    if let Some(p) = &case.applicant.phone {
        let d = digits(p);
        if !d.is_empty() {
            out.insert(key(Field::Phone, &reversed(&d), no));
        }
    }
    out
}

/// The key of the applicant's given name (志强 of 王志强), if it has one.
pub fn given_key(case: &Case) -> Option<Vec<u8>> {
    let given = crate::domain::search::given_name(&case.applicant.name)?;
    Some(key(Field::Given, &given, Some(case.no)))
}

/// One range of the index to read for a query, and the rank of its hits.
pub struct Probe {
    pub prefix: Vec<u8>,
    /// Hits must end right after the prefix (an exact match of the key).
    pub exact: bool,
    pub rank: Rank,
    pub field: Field,
}

/// The index ranges a query reads, best rank first.
pub fn probes(query: &str) -> Vec<Probe> {
    let p = |field, text: &str, exact, rank| Probe {
        prefix: key(field, text, None),
        exact,
        rank,
        field,
    };
    match classify(query) {
        QueryKind::CaseNo(_) | QueryKind::Empty => Vec::new(),
        QueryKind::Digits(d) => {
            let r = reversed(&d);
            vec![
                p(Field::IdNumber, &r, true, Rank::Exact),
                p(Field::Phone, &r, true, Rank::Exact),
                p(Field::IdNumber, &r, false, Rank::LastDigits),
                p(Field::Phone, &r, false, Rank::LastDigits),
            ]
        }
        QueryKind::Name(n) => {
            let n = n.to_lowercase();
            vec![
                p(Field::Name, &n, true, Rank::Exact),
                p(Field::Name, &n, false, Rank::Prefix),
                p(Field::Given, &n, true, Rank::Given),
                p(Field::Given, &n, false, Rank::Given),
                p(Field::Adverse, &n, false, Rank::Adverse),
            ]
        }
        QueryKind::Latin(l) => vec![
            p(Field::Name, &l, true, Rank::Exact),
            p(Field::Pinyin, &l, true, Rank::Pinyin),
            p(Field::Name, &l, false, Rank::Prefix),
            p(Field::Pinyin, &l, false, Rank::PinyinPrefix),
            p(Field::Initials, &l, true, Rank::Initials),
            p(Field::Initials, &l, false, Rank::InitialsPrefix),
            p(Field::PinyinOther, &l, true, Rank::OtherReading),
            p(Field::PinyinOther, &l, false, Rank::OtherReading),
            p(Field::InitialsOther, &l, true, Rank::OtherReading),
            p(Field::AdversePinyin, &l, false, Rank::Adverse),
            p(Field::AdverseInitials, &l, true, Rank::Adverse),
            p(Field::Adverse, &l, false, Rank::Adverse),
        ],
    }
}

/// The case number at the end of a search key, and whether the key's text
/// ended exactly at `prefix_len`.
pub fn parse_hit(k: &[u8], prefix_len: usize) -> Option<(CaseNo, bool)> {
    if k.len() < prefix_len + 7 {
        return None;
    }
    let no = keys::case_no_of_case_key(&k[k.len() - 7..])?;
    // The separator 0x00 sits right before the case number bytes.
    let exact = k.len() == prefix_len + 7 && k[prefix_len] == 0;
    Some((no, exact))
}

/// Exact keys for the duplicate check of an applicant: the same ID number,
/// the same phone.
pub fn exact_prefix(field: Field, text: &str) -> Vec<u8> {
    let text = match field {
        Field::IdNumber | Field::Phone => reversed(text),
        _ => text.to_string(),
    };
    let mut k = key(field, &text, None);
    k.push(0);
    k
}
