//! Who is on the other end of the socket, as the kernel says (SO_PEERCRED),
//! and whether that user may use the store.

use std::ffi::CString;
use std::os::unix::io::AsRawFd;
use std::os::unix::net::UnixStream;

#[derive(Debug, Clone, Copy)]
pub struct Peer {
    pub pid: i32,
    pub uid: u32,
    pub gid: u32,
}

pub fn credentials(stream: &UnixStream) -> std::io::Result<Peer> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `cred`.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(Peer {
        pid: cred.pid,
        uid: cred.uid,
        gid: cred.gid,
    })
}

/// The groups of a user (primary and supplementary).
fn groups_of(user: &str, primary: u32) -> Vec<u32> {
    let Ok(name) = CString::new(user) else {
        return vec![primary];
    };
    let mut n: libc::c_int = 64;
    loop {
        let mut groups = vec![0 as libc::gid_t; n as usize];
        // SAFETY: getgrouplist writes at most `n` gids and updates `n`.
        let rc = unsafe { libc::getgrouplist(name.as_ptr(), primary, groups.as_mut_ptr(), &mut n) };
        if rc >= 0 {
            groups.truncate(n as usize);
            return groups;
        }
        if n <= groups.len() as libc::c_int {
            return vec![primary];
        }
    }
}

/// A store is used by its owner, root, and the members of its directory's
/// group when the directory is open to the group.
pub fn may_use(peer: &Peer, user: &str, owner: u32, group: u32, group_shared: bool) -> bool {
    peer.uid == 0
        || peer.uid == owner
        || (group_shared && (peer.gid == group || groups_of(user, peer.gid).contains(&group)))
}

/// The name of a group id, or the id as a number.
pub fn group_name(gid: u32) -> String {
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: getgrgid_r writes into our buffers only; result is null or &grp.
    let rc = unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc == 0 && !result.is_null() {
        // SAFETY: gr_name points into buf, NUL-terminated.
        let name = unsafe { std::ffi::CStr::from_ptr(grp.gr_name) };
        return name.to_string_lossy().into_owned();
    }
    gid.to_string()
}
