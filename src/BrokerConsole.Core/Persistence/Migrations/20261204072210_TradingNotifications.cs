using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TradingNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DedupeKey",
                table: "Notifications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "Notifications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tone",
                table: "Notifications",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                // Existing session notifications keep the look their kind gives them.
                defaultValue: "Default");

            migrationBuilder.CreateTable(
                name: "NotificationSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TelegramKinds = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TelegramBotTokenCiphertext = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TelegramChatIdCiphertext = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TelegramBotId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TelegramState = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TelegramProblem = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TelegramCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NotificationSettings_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OwnerId_DedupeKey",
                table: "Notifications",
                columns: new[] { "OwnerId", "DedupeKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NotificationSettings_OwnerId",
                table: "NotificationSettings",
                column: "OwnerId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationSettings");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_OwnerId_DedupeKey",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "DedupeKey",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Link",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Tone",
                table: "Notifications");
        }
    }
}
