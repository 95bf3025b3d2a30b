//! What a key can ask for ([`Action`]) and where ([`Context`]). The snake_case
//! names are the names used in keymap.toml and in the help catalog
//! (`tui.action.NAME`, `tui.context.NAME`).

/// Declares a fieldless enum with `ALL`, `name()` and `from_name()`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_name(name: &str) -> Option<$name> {
                match name { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum!(
    /// Everything a key can do. Data changes come from the loader, not from
    /// here; typed text goes to [`crate::tui::update::handle_key`].
    Action {
        Quit => "quit",
        Help => "help",
        NextPane => "next_pane",
        PrevPane => "prev_pane",
        FocusQueue => "focus_queue",
        FocusChecklist => "focus_checklist",
        FocusBoard => "focus_board",
        FocusDeadlines => "focus_deadlines",
        Search => "search",
        Back => "back",
        Redraw => "redraw",
        Suspend => "suspend",
        Up => "up",
        Down => "down",
        Left => "left",
        Right => "right",
        Top => "top",
        Bottom => "bottom",
        PageUp => "page_up",
        PageDown => "page_down",
        Open => "open",
        Submit => "submit",
        Cancel => "cancel",
        DeleteBack => "delete_back",
        DeleteForward => "delete_forward",
        DeleteWord => "delete_word",
        Clear => "clear",
        CursorLeft => "cursor_left",
        CursorRight => "cursor_right",
        LineStart => "line_start",
        LineEnd => "line_end",
        NewApplication => "new_application",
        FilterChannel => "filter_channel",
        FilterKind => "filter_kind",
        FilterMine => "filter_mine",
        FilterApproval => "filter_approval",
        FilterClear => "filter_clear",
        FilterProvider => "filter_provider",
        Providers => "providers",
        Withdraw => "withdraw",
        Correct => "correct",
        NextField => "next_field",
        PrevField => "prev_field",
        Save => "save",
        Confirm => "confirm",
        Choose => "choose",
        Resume => "resume",
        Keep => "keep",
        Discard => "discard",
        Proceed => "proceed",
        OpenExisting => "open_existing",
        ConfirmItem => "confirm_item",
        SetMeans => "set_means",
        RequestDocuments => "request_documents",
        DocumentsReceived => "documents_received",
        Propose => "propose",
        Approve => "approve",
        ReturnProposal => "return_proposal",
        Assign => "assign",
        AgreementSigned => "agreement_signed",
        Conclude => "conclude",
        SubmitFile => "submit_file",
        ReviewFile => "review_file",
        Archive => "archive",
        AddNote => "add_note",
        Terminate => "terminate",
        DeemWithdrawn => "deem_withdrawn",
        EmergencyAid => "emergency_aid",
        Object => "object",
        DecideObjection => "decide_objection",
        FollowUp => "follow_up",
        Reassign => "reassign",
        StrikeNote => "strike_note",
        Reports => "reports",
        PrevPeriod => "prev_period",
        NextPeriod => "next_period",
        PeriodKind => "period_kind",
        Consult => "consult",
        SaveConsult => "save_consult",
        ConsultToApplication => "consult_to_application",
        Supervision => "supervision",
        ApprovePayments => "approve_payments",
        Score => "score",
    }
);

named_enum!(
    /// A table of keymap.toml: the keys in force depend on what has focus.
    Context {
        Global => "global",
        List => "list",
        Queue => "queue",
        Checklist => "checklist",
        Board => "board",
        Detail => "detail",
        Help => "help",
        Form => "form",
        Intake => "intake",
        Prompt => "prompt",
        Question => "question",
        Reports => "reports",
        Consult => "consult",
        Supervision => "supervision",
    }
);

impl Context {
    /// The actions a context accepts; anything else in its table is an error.
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Context::Global => &[
                Quit,
                Help,
                NextPane,
                PrevPane,
                FocusQueue,
                FocusChecklist,
                FocusBoard,
                FocusDeadlines,
                Search,
                Back,
                Redraw,
                Suspend,
                Reports,
                Consult,
                Supervision,
            ],
            Context::List => &[Up, Down, Top, Bottom, PageUp, PageDown, Open],
            Context::Queue => &[
                NewApplication,
                FilterChannel,
                FilterKind,
                FilterMine,
                FilterApproval,
                FilterClear,
            ],
            Context::Checklist => &[
                ConfirmItem,
                SetMeans,
                RequestDocuments,
                DocumentsReceived,
                Propose,
                Approve,
                ReturnProposal,
            ],
            Context::Board => &[
                Up,
                Down,
                Left,
                Right,
                Top,
                Bottom,
                PageUp,
                PageDown,
                Open,
                FilterProvider,
                Providers,
                FilterClear,
                Assign,
                AgreementSigned,
                Conclude,
                SubmitFile,
                ReviewFile,
                Archive,
                AddNote,
                Terminate,
                Reassign,
            ],
            Context::Detail => &[
                Up,
                Down,
                Top,
                Bottom,
                PageUp,
                PageDown,
                Back,
                Withdraw,
                Correct,
                ConfirmItem,
                SetMeans,
                RequestDocuments,
                DocumentsReceived,
                Propose,
                Approve,
                ReturnProposal,
                AddNote,
                StrikeNote,
                Assign,
                Reassign,
                AgreementSigned,
                Conclude,
                SubmitFile,
                ReviewFile,
                Archive,
                Terminate,
                DeemWithdrawn,
                EmergencyAid,
                Object,
                DecideObjection,
                FollowUp,
                Score,
            ],
            Context::Help => &[Up, Down, Top, Bottom, PageUp, PageDown, Back],
            Context::Reports => &[
                Up, Down, Top, Bottom, PageUp, PageDown, Open, PrevPeriod, NextPeriod, PeriodKind,
                Back,
            ],
            Context::Supervision => &[
                Up,
                Down,
                Top,
                Bottom,
                PageUp,
                PageDown,
                Open,
                ApprovePayments,
                Back,
            ],
            Context::Intake => &[NextField, PrevField, Save],
            Context::Consult => &[NextField, PrevField, SaveConsult, ConsultToApplication],
            Context::Prompt => &[Confirm],
            Context::Question => &[
                Up,
                Down,
                Top,
                Bottom,
                PageUp,
                PageDown,
                Choose,
                Resume,
                Keep,
                Discard,
                Proceed,
                OpenExisting,
                Back,
            ],
            Context::Form => &[
                Submit,
                Cancel,
                DeleteBack,
                DeleteForward,
                DeleteWord,
                Clear,
                CursorLeft,
                CursorRight,
                LineStart,
                LineEnd,
            ],
        }
    }

    /// Where an unbound key is looked up next: `[form]` and `[question]`
    /// stand alone so that every printable key can be typed (and `q` never
    /// quits in the middle of a question); the registration form and the
    /// one-line prompts edit text with the keys of `[form]`; the queue has
    /// the keys of every list.
    pub fn fallback(self) -> Option<Context> {
        match self {
            Context::Global | Context::Form | Context::Question => None,
            Context::Intake | Context::Prompt | Context::Consult => Some(Context::Form),
            Context::Queue | Context::Checklist => Some(Context::List),
            _ => Some(Context::Global),
        }
    }

    /// True where printable keys type text.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Context::Form | Context::Intake | Context::Prompt | Context::Consult
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
        for c in Context::ALL {
            assert_eq!(Context::from_name(c.name()), Some(*c));
        }
        assert_eq!(Action::from_name("quitt"), None);
    }

    #[test]
    fn every_action_belongs_to_a_context() {
        for a in Action::ALL {
            assert!(
                Context::ALL.iter().any(|c| c.actions().contains(a)),
                "{a} is in no context"
            );
        }
    }
}
