using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RunInterruptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "Downtime",
                table: "ScheduleRuns",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<int>(
                name: "FoundAfterRestart",
                table: "ScheduleRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "InterruptedAt",
                table: "ScheduleRuns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResentAfterRestart",
                table: "ScheduleRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ResumedAt",
                table: "ScheduleRuns",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Downtime",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "FoundAfterRestart",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "InterruptedAt",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "ResentAfterRestart",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "ResumedAt",
                table: "ScheduleRuns");
        }
    }
}
