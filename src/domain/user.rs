//! The store's users: operating-system accounts with a role.

use serde::{Deserialize, Serialize};

code_enum!(
    /// What a user may do. The first user of a new store is an admin.
    Role {
        Caseworker => "caseworker",
        Director => "director",
        Admin => "admin",
    }
);

impl Role {
    /// Approving or returning a proposed decision (审批).
    pub fn may_approve(self) -> bool {
        matches!(self, Role::Director | Role::Admin)
    }

    /// Managing users, the policy and the calendar.
    pub fn may_administer(self) -> bool {
        self == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The operating-system login name.
    pub name: String,
    pub role: Role,
    pub active: bool,
}
