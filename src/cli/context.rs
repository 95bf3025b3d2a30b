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
        Context {
            store_dir: cli.store.clone().unwrap_or_else(default_store_dir),
            today: cli.today.unwrap_or_else(|| now.date_naive()),
            lang: cli.lang.unwrap_or_else(Lang::from_env),
            user: os_user(),
        }
    }

    /// Connects to the store's server (starting it if none runs).
    pub fn open(&self, purpose: &str) -> Result<Client, Failure> {
        Ok(Client::connect(&self.store_dir, purpose)?)
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

fn default_store_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from(".local/share"))
        .join("docket")
}
