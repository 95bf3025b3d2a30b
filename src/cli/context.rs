//! What every command needs: where the store is, who is working, the date.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};

use crate::client::Client;
use crate::i18n::Lang;
use crate::users::os_user;

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
        let lang = cli.lang.unwrap_or_else(Lang::from_env);
        // Refusals and errors are worded in it wherever they are shown.
        lang.set_current();
        Context {
            store_dir: cli.store.clone().unwrap_or_else(default_store_dir),
            today: cli.today.unwrap_or_else(|| now.date_naive()),
            lang,
            user: os_user(),
        }
    }

    /// Connects to the store's server (starting it if none runs). A store
    /// that does not exist is never created here: it says so (exit 5).
    pub fn open(&self, purpose: &str) -> Result<Client, Failure> {
        if !store_exists(&self.store_dir) {
            return Err(Failure {
                message: self
                    .t("cli.no_store")
                    .replace("{path}", &self.store_dir.display().to_string()),
                code: NO_STORE,
            });
        }
        Ok(Client::connect(&self.store_dir, purpose)?)
    }

    /// Like [`Context::open`], creating the store when there is none: for
    /// the commands that fill a new store (import, register, demo, users,
    /// providers, policy and calendar imports) and the app.
    pub fn create(&self, purpose: &str) -> Result<Client, Failure> {
        Ok(Client::connect(&self.store_dir, purpose)?)
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// A `cli.` sentence of the catalog, its placeholders filled.
    pub fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        crate::i18n::fill(self.lang.t(&format!("cli.{key}")), args)
    }

    /// "cannot read FILE: why".
    pub fn cannot_read(&self, file: &std::path::Path, e: &std::io::Error) -> String {
        let file = file.display().to_string();
        self.say("cannot_read", &[("file", &file), ("error", &e.to_string())])
    }

    /// "no case 2026-0001 in STORE".
    pub fn no_case(&self, no: crate::domain::case::CaseNo) -> String {
        let store = self.store_dir.display().to_string();
        self.say("no_case", &[("case", &no.to_string()), ("store", &store)])
    }
}

/// The exit status of a command run where there is no store.
pub const NO_STORE: u8 = 5;

/// A store is there when its data or its server's socket is (a shared
/// store's data may be unreadable to its members, its socket not). A
/// directory the user may not look into counts as there: connecting says
/// who may use it.
pub fn store_exists(dir: &std::path::Path) -> bool {
    let there = |p: PathBuf| match std::fs::symlink_metadata(p) {
        Ok(_) => true,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        ),
    };
    there(dir.join("db")) || there(dir.join(crate::server::SOCKET))
}

fn default_store_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from(".local/share"))
        .join("docket")
}
