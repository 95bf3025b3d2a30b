//! Operating-system users: who runs docket, who is on the other end of a socket.

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
