//! Refusals in words: the domain's typed `Refusal`, worded by the catalog's
//! `[refusal]` table in the reader's language.

use std::sync::atomic::{AtomicU8, Ordering};

use super::{Lang, fill};
use crate::domain::refusal::{Arg, Refusal, Why};

/// The language this process words its refusals in: set once at start
/// from `--lang` or the locale (a server keeps the default, its locale).
static CURRENT: AtomicU8 = AtomicU8::new(u8::MAX);

impl Lang {
    /// Sets the language refusals are worded in by `Display`.
    pub fn set_current(self) {
        CURRENT.store(self as u8, Ordering::Relaxed);
    }

    /// The language set with `set_current`, else the locale's.
    pub fn current() -> Lang {
        match CURRENT.load(Ordering::Relaxed) {
            0 => Lang::En,
            1 => Lang::ZhHans,
            2 => Lang::ZhHant,
            _ => Lang::from_env(),
        }
    }

    /// A refusal's reason in this language, its parts worded too.
    pub fn refusal_why(self, why: &Why) -> String {
        let args: Vec<(&str, String)> = why
            .args()
            .into_iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(t) => t,
                    Arg::Code(table, code) => self.t(&format!("{table}.{code}")).to_string(),
                    Arg::Exclusions(es) => es
                        .iter()
                        .map(|e| self.exclusion(e))
                        .collect::<Vec<_>>()
                        .join(" "),
                    Arg::Part(part) => self.refusal_why(&part),
                    Arg::Codes(table, codes) => codes
                        .iter()
                        .map(|code| self.t(&format!("{table}.{code}")))
                        .collect::<Vec<_>>()
                        .join(self.t("history.list_separator")),
                };
                (name, value)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        fill(self.t(&format!("refusal.{}", why.key())), &borrowed)
    }

    /// A refusal in this language, about its case when it names one.
    pub fn refusal(self, r: &Refusal) -> String {
        let why = self.refusal_why(&r.why);
        match r.case {
            Some((no, status)) => fill(
                self.t("refusal.on_case"),
                &[
                    ("case", &no.to_string()),
                    ("status", self.t(&format!("status.{}", status.code()))),
                    ("why", &why),
                ],
            ),
            None => why,
        }
    }
}

impl std::fmt::Display for Refusal {
    /// In the process's language (`Lang::current`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Lang::current().refusal(self))
    }
}

impl std::fmt::Display for crate::domain::record::FieldError {
    /// "applicant.phone: …", the reason in the process's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = Lang::current().refusal_why(&self.why);
        write!(f, "{}: {why}", self.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_words_in_every_language() {
        for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
            for key in Why::KEYS {
                let k = format!("refusal.{key}");
                assert_ne!(lang.t(&k), k, "{lang:?} lacks {k}");
            }
        }
    }

    #[test]
    fn every_deadline_has_its_basis_in_every_language() {
        for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
            for k in crate::domain::deadlines::DeadlineKind::ALL {
                let key = format!("deadline.basis.{}", k.code());
                assert_ne!(lang.t(&key), key, "{lang:?}");
            }
        }
    }

    #[test]
    fn a_chinese_refusal_has_no_english_words() {
        let r = Refusal {
            case: Some((
                crate::domain::case::CaseNo::new(2026, 3),
                crate::domain::codes::Status::Assigned,
            )),
            why: Why::ReassignNeedsReason,
        };
        let zh = Lang::ZhHans.refusal(&r);
        assert!(
            zh.contains("2026-0003") && zh.contains("第五十五条"),
            "{zh}"
        );
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        assert_eq!(
            Lang::En.refusal(&r),
            "case 2026-0003 is assigned: a reassignment needs a reason (a complaint or a request for replacement, Law Art. 55)"
        );
    }
}

#[cfg(test)]
mod wire_tests {
    use super::*;
    use crate::api::{ErrorKind, RemoteError};
    use crate::client::ClientError;
    use crate::domain::refusal::Why;

    /// A refusal crosses the wire typed: each screen words it in its own
    /// language, whatever the server's words were.
    #[test]
    fn a_refusal_from_the_server_is_worded_by_the_reader() {
        let e = ClientError::Remote(RemoteError {
            kind: ErrorKind::Refusal(Box::new(Why::AgreementBeforeConclusion.into())),
            message: "the server's words".into(),
        });
        assert_eq!(e.worded(Lang::ZhHans), "结案前须先签订委托协议");
        assert_eq!(e.worded(Lang::ZhHant), "結案前須先簽訂委託協議");
        assert_eq!(
            e.worded(Lang::En),
            "the agreement must be signed before the case is concluded"
        );
    }
}
