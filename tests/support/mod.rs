pub mod cli;
pub mod library;
pub mod pty;
