using BrokerConsole.Core.Persistence.Providers;

namespace BrokerConsole.Tests.Persistence;

public sealed class SqlStatementsTests
{
    [Theory]
    [InlineData("SELECT * FROM \"Accounts\"")]
    [InlineData("  select 1")]
    [InlineData("-- tag: portfolio\n\nSELECT \"a\".\"Id\" FROM \"Accounts\" AS \"a\"")]
    [InlineData("/* hint */ SELECT 1")]
    [InlineData("WITH recent AS (SELECT 1) SELECT * FROM recent")]
    [InlineData("")]
    [InlineData(null)]
    public void Queries_do_not_take_the_write_turn(string? sql) => Assert.False(SqlStatements.MayWrite(sql));

    [Theory]
    [InlineData("INSERT INTO \"AuditEntries\" (\"At\") VALUES (@p0) RETURNING \"Id\";")]
    [InlineData("UPDATE \"ScheduleRunItems\" AS \"s\" SET \"Status\" = 'Sending' WHERE \"s\".\"Id\" = @p")]
    [InlineData("DELETE FROM \"Notifications\"")]
    [InlineData("-- tag\nUPDATE x SET y = 1")]
    [InlineData("PRAGMA journal_mode=WAL;")]
    [InlineData("CREATE TABLE t (x)")]
    [InlineData("WITH gone AS (SELECT 1) DELETE FROM t")]
    [InlineData("SELECTED_ITEMS_UPDATE")]
    public void Anything_else_may_write(string sql) => Assert.True(SqlStatements.MayWrite(sql));
}
