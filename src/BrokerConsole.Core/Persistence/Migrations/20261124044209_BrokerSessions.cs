using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BrokerSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BrokerSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Broker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccessTokenCiphertext = table.Column<string>(type: "TEXT", nullable: true),
                    BrokerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UserShortName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BrokerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LoginTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Health = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BrokerSessions_BrokerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "BrokerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LoginAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Broker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsumedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoginAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoginAttempts_BrokerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "BrokerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerSessions_AccountId_LoginTime",
                table: "BrokerSessions",
                columns: new[] { "AccountId", "LoginTime" });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerSessions_OneActivePerAccount",
                table: "BrokerSessions",
                column: "AccountId",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerSessions_OwnerId",
                table: "BrokerSessions",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_AccountId",
                table: "LoginAttempts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_StateHash",
                table: "LoginAttempts",
                column: "StateHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrokerSessions");

            migrationBuilder.DropTable(
                name: "LoginAttempts");
        }
    }
}
