using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Baskets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "ScheduleId",
                table: "ScheduleRuns",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "BasketId",
                table: "ScheduleRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "ScheduleRuns",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ScheduleRuns",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Schedule");

            migrationBuilder.CreateTable(
                name: "Baskets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Targets = table.Column<string>(type: "TEXT", nullable: false),
                    QuantityRule = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Legs = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Baskets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRuns_BasketId",
                table: "ScheduleRuns",
                column: "BasketId");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRuns_OwnerId_IdempotencyKey",
                table: "ScheduleRuns",
                columns: new[] { "OwnerId", "IdempotencyKey" },
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Baskets_OwnerId",
                table: "Baskets",
                column: "OwnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_ScheduleRuns_Baskets_BasketId",
                table: "ScheduleRuns",
                column: "BasketId",
                principalTable: "Baskets",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ScheduleRuns_Baskets_BasketId",
                table: "ScheduleRuns");

            migrationBuilder.DropTable(
                name: "Baskets");

            migrationBuilder.DropIndex(
                name: "IX_ScheduleRuns_BasketId",
                table: "ScheduleRuns");

            migrationBuilder.DropIndex(
                name: "IX_ScheduleRuns_OwnerId_IdempotencyKey",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "BasketId",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ScheduleRuns");

            migrationBuilder.AlterColumn<Guid>(
                name: "ScheduleId",
                table: "ScheduleRuns",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
