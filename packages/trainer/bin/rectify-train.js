#!/usr/bin/env node
import '../dist/cli/rectify-train.js';
