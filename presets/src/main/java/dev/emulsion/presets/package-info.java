/** Preset files (TOML) and their loader. */
package dev.emulsion.presets;
