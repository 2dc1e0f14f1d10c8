using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Data;

public static class UniqueViolation
{
    /// <summary>
    /// Whether a save failed on a unique index: another writer got there first (two sign-ups with one email, an alert
    /// or an occurrence raised twice), which the caller answers calmly instead of as an error.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: SQLitePCL.raw.SQLITE_CONSTRAINT_UNIQUE };
}
