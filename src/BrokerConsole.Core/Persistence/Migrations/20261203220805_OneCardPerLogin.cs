using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OneCardPerLogin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing duplicates (one broker login on several cards) are kept, with their history, sessions and schedules:
            // the oldest card keeps the client id, each later one gets "-DUPLICATEn" appended (and "(duplicate)" on its name),
            // so the index can be built and the user sees which card to delete. Numbered from a snapshot, not row by row.
            migrationBuilder.Sql("""
                CREATE TEMP TABLE "_OneCardPerLogin" AS
                SELECT b."Id" AS "Id",
                       (SELECT COUNT(*) FROM "BrokerAccounts" AS o
                        WHERE o."OwnerId" = b."OwnerId" AND o."Broker" = b."Broker" AND o."Environment" = b."Environment" AND o."ClientId" = b."ClientId"
                          AND (o."CreatedAt" < b."CreatedAt" OR (o."CreatedAt" = b."CreatedAt" AND o."Id" < b."Id"))) AS "Older"
                FROM "BrokerAccounts" AS b;
                """);
            migrationBuilder.Sql("""
                UPDATE "BrokerAccounts"
                SET "ClientId" = "ClientId" || '-DUPLICATE' || (SELECT d."Older" FROM "_OneCardPerLogin" AS d WHERE d."Id" = "BrokerAccounts"."Id"),
                    "DisplayName" = "DisplayName" || ' (duplicate)'
                WHERE "Id" IN (SELECT d."Id" FROM "_OneCardPerLogin" AS d WHERE d."Older" > 0);
                """);
            migrationBuilder.Sql("""DROP TABLE "_OneCardPerLogin";""");
            migrationBuilder.CreateIndex(
                name: "IX_BrokerAccounts_OneCardPerLogin",
                table: "BrokerAccounts",
                columns: new[] { "OwnerId", "Broker", "Environment", "ClientId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BrokerAccounts_OneCardPerLogin",
                table: "BrokerAccounts");
        }
    }
}
