#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../shared/config/province.js';
import { applyNagChecks } from './nag.js';
import { addPetitionsStack, optionsFromContext } from './petitions-app.js';

/** `npx cdk synth -c stage=prod`: one stack per stage, e.g. PetitionsStack-prod. */
const app = new App();
try {
  addPetitionsStack(app, optionsFromContext(app));
} catch (error) {
  if (error instanceof ConfigError) {
    // The message lists every problem with its place in the file; a stack trace would only hide it.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
applyNagChecks(app);
app.synth();
