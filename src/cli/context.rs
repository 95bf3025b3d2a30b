//! What every command needs: where the store is, who is working, the date.

use std::path::PathBuf;

use chrono::{FixedOffset, Local, NaiveDate};

use crate::i18n::Lang;
use crate::store::{Actor, Store};

use super::{Cli, Failure};

pub struct Context {
    pub store_dir: PathBuf,
    pub today: NaiveDate,
    pub lang: Lang,
    pub user: String,
}

impl Context {
    pub fn new(cli: &Cli) -> Context {
        let now = Local::now();
        Context {
            store_dir: cli.store.clone().unwrap_or_else(default_store_dir),
            today: cli.today.unwrap_or_else(|| now.date_naive()),
            lang: cli.lang.unwrap_or_else(Lang::from_env),
            user: os_user(),
        }
    }

    pub fn open(&self) -> Result<Store, Failure> {
        Ok(Store::open(&self.store_dir)?)
    }

    /// The actor of a change: the OS user, now.
    pub fn actor(&self) -> Actor {
        let offset: FixedOffset = *Local::now().offset();
        Actor {
            user: self.user.clone(),
            at: Local::now().with_timezone(&offset),
        }
    }

    pub fn t<'k>(&self, key: &'k str) -> &'k str {
        self.lang.t(key)
    }
}

fn default_store_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from(".local/share"))
        .join("docket")
}

/// The login name of the effective user, from the password database.
pub fn os_user() -> String {
    user_name(unsafe { libc::geteuid() })
}

/// The name of a uid, or the uid as a number when it has no entry.
pub fn user_name(uid: libc::uid_t) -> String {
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into our buffers only; result is null or &pwd.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc == 0 && !result.is_null() {
        // SAFETY: pw_name points into buf, NUL-terminated by getpwuid_r.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return name.to_string_lossy().into_owned();
    }
    uid.to_string()
}
