use crate::error::Result;
use std::path::PathBuf;
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub drafts: bool,
}
pub fn serve(_o: &ServeOptions) -> Result<()> {
    Ok(())
}
