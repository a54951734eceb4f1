#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../shared/config/province.js';
import { applyNagChecks } from './nag.js';
import { addEdgeStack, addPetitionsStack, optionsFromContext } from './petitions-app.js';

/** `npx cdk synth -c stage=prod`: one stack per stage, e.g. PetitionsStack-prod, and its web ACL's in us-east-1 (PetitionsEdge-prod). */
const app = new App();
try {
  const options = optionsFromContext(app);
  addPetitionsStack(app, options);
  // The CloudFront web ACL, in us-east-1: deployed first, its ARN given back as context publicWebAclArn.
  addEdgeStack(app, options);
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
